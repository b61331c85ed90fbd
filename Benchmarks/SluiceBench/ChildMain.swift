import Foundation

/// The child-process side: runs one contestant and prints its ``ChildReport`` as JSON on standard output.
enum ChildMain {
    /// Runs the contestant named by `arguments` (after `--child`).
    static func run(_ arguments: [String]) -> Int32 {
        var values: [String: String] = [:]
        var index = 0
        while index + 1 < arguments.count {
            values[arguments[index]] = arguments[index + 1]
            index += 2
        }
        var report: ChildReport
        do {
            guard let contestant = values["--contestant"].flatMap(Contestant.init(rawValue:)),
                let bootstrap = values["--bootstrap"], let input = values["--input"],
                let backlog = values["--records"].flatMap(Int.init),
                let paced = values["--paced"].flatMap(Int.init),
                let interval = values["--commit-ms"].flatMap(Int.init)
            else { throw BenchError("child: missing arguments \(arguments)") }
            let output = values["--output-topic"] ?? "bench-output"
            let exactlyOnce = values["--guarantee"] == "eos"
            if contestant.isRaw {
                report = try RawLoop(
                    contestant: contestant,
                    bootstrap: bootstrap,
                    inputTopic: input,
                    outputTopic: output,
                    backlog: backlog,
                    expected: backlog + paced,
                    commitMilliseconds: interval
                ).run()
            } else {
                report = try SluiceContestant(
                    contestant: contestant,
                    bootstrap: bootstrap,
                    inputTopic: input,
                    exactlyOnce: exactlyOnce,
                    commitMilliseconds: interval,
                    stateDirectory: values["--state-dir"]
                ).run()
            }
        } catch {
            report = ChildReport()
            report.error = String(describing: error)
        }
        report.cpuSeconds = BenchClock.cpuSeconds()
        report.peakRSSMiB = BenchClock.peakResidentMiB()
        let encoded = (try? JSONEncoder().encode(report)) ?? Data("{}".utf8)
        FileHandle.standardOutput.write(encoded)
        FileHandle.standardOutput.write(Data("\n".utf8))
        return report.error == nil ? 0 : 1
    }
}
