import Foundation
import Testing

/// The crash test of exactly-once processing: worker processes of the flights pipeline are killed with SIGKILL
/// while they run (at random moments and at each named point of the commit), and a read_committed reader finds
/// every input exactly once in the output, in order.
@Suite("Crash harness", .serialized)
struct ChaosHarnessTests {
    private func chaos(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = SluiceExecutableTests.executable
        process.arguments = ["chaos"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private func figure(_ name: String, in report: String) -> Int? {
        report.split(separator: "\n").first { $0.hasPrefix("\(name): ") }.flatMap { Int($0.dropFirst(name.count + 2)) }
    }

    @Test("20,000 records, 2 workers, 5 random SIGKILLs and one at each crash point: nothing lost, nothing twice")
    func exactlyOnceSurvivesKills() throws {
        let (status, report) = try chaos(["--records", "20000", "--workers", "2", "--kills", "5", "--seed", "7"])
        #expect(status == 0, "\(report)")
        #expect(figure("inputs", in: report) == 20_000)
        #expect(figure("outputs", in: report) == 20_000)
        #expect(figure("duplicates", in: report) == 0)
        #expect(figure("missing", in: report) == 0)
        #expect(figure("order violations", in: report) == 0)
        #expect((figure("kills", in: report) ?? 0) >= 8)
    }

    @Test("the stateful stage under SIGKILLs and restarts gives the outputs of an uninterrupted run")
    func statefulSurvivesKills() throws {
        let (status, report) = try chaos([
            "--records", "20000", "--workers", "2", "--kills", "5", "--seed", "7", "--stateful",
        ])
        #expect(status == 0, "\(report)")
        #expect(figure("duplicates", in: report) == 0)
        #expect(figure("missing", in: report) == 0)
        #expect(figure("duplicate windows", in: report) == 0)
        #expect(figure("stateful differences", in: report) == 0)
        let windows = figure("hourly windows", in: report)
        #expect((windows ?? 0) > 1_000)
        #expect(windows == figure("reference hourly windows", in: report))
        #expect((figure("kills", in: report) ?? 0) >= 8)
    }
}
