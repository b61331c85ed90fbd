import Foundation
import Glibc
import SluiceTesting

/// The `sluice broker` executable run as a child process, so that a test can SIGKILL it.
final class BrokerProcess {
    let process = Process()
    /// `127.0.0.1:port`, read from the child's first line of output.
    private(set) var bootstrap = ""
    /// The control port, when started with one.
    private(set) var controlPort = 0

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// The built `sluice` executable.
    static var executable: URL { SluiceExecutable.url }

    /// Starts `sluice broker --port 0` with `arguments` and waits for its address.
    init(_ arguments: [String]) throws {
        process.executableURL = Self.executable
        process.arguments = ["broker", "--port", "0"] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        bootstrap = try Self.firstLine(output.fileHandleForReading)
        let banner = try Self.firstLine(error.fileHandleForReading)
        if let range = banner.range(of: "control port 127.0.0.1:") {
            controlPort = Int(banner[range.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        // Keep draining stderr so the child never blocks on a full pipe.
        let handle = error.fileHandleForReading
        Thread { while !handle.availableData.isEmpty {} }.start()
    }

    deinit {
        stop()
    }

    private static func firstLine(_ handle: FileHandle) throws -> String {
        var bytes: [UInt8] = []
        while !bytes.contains(UInt8(ascii: "\n")) {
            let data = handle.availableData
            guard !data.isEmpty else { throw Failed(description: "the broker exited before printing its address") }
            bytes += data
        }
        return String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }

    /// Kills the child with SIGKILL and waits for it.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the child with SIGTERM and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
