import Foundation
import Testing

/// Prometheus' `promtool`, for checking exposition text in tests.
enum Promtool {
    /// The `SLUICE_PROMTOOL` environment variable (which `make test` sets), else the first `promtool` on `PATH`.
    static let path: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SLUICE_PROMTOOL"], FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/promtool"
            if FileManager.default.isExecutableFile(atPath: path) {
                return path
            }
        }
        return nil
    }()

    /// Runs `promtool check metrics` on `text`; returns its exit status and output.
    static func check(_ text: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path))
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
