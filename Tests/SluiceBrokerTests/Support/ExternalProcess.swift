import Foundation

/// Runs a program to completion with a time limit and collects its output.
struct ExternalProcess {
    /// Where Debian installs kcat.
    static let kcat = "/usr/bin/kcat"

    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    struct TimedOut: Error, CustomStringConvertible {
        var command: String
        var description: String { "timed out: \(command)" }
    }

    /// Runs `executable` with `arguments`, feeding `input` to its standard input.
    static func run(
        _ executable: String,
        _ arguments: [String],
        input: String? = nil,
        environment: [String: String] = [:],
        timeout: Duration = .seconds(120)
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        process.standardInput = inputPipe
        try process.run()

        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inputPipe.fileHandleForWriting.close()

        // Read both pipes on their own threads so a chatty child never blocks on a full pipe.
        let collected = OutputCollector()
        let group = DispatchGroup()
        for (index, pipe) in [outputPipe, errorPipe].enumerated() {
            group.enter()
            Thread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.store(data, at: index)
                group.leave()
            }.start()
        }
        let seconds = Double(timeout.components.seconds)
        if group.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "))
        }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            standardOutput: collected.text(at: 0),
            standardError: collected.text(at: 1)
        )
    }
}
