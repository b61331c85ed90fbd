import Foundation

/// Runs the conformance scripts in `Tests/SluiceBrokerTests/Python` with the project's virtual environment
/// (`SLUICE_PYTHON`, or `<package root>/.venv/bin/python`, which `make` creates with confluent-kafka and
/// kafka-python).
enum PythonScript {
    static let scriptDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Python")

    static let interpreter: String = {
        if let configured = ProcessInfo.processInfo.environment["SLUICE_PYTHON"], !configured.isEmpty {
            return configured
        }
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".venv/bin/python").path
    }()

    /// Whether the interpreter exists; the Python tests are skipped without it.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: interpreter) }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `name.py` with the arguments and returns the JSON object on the last line of its output.
    static func run(_ name: String, _ arguments: [String]) throws -> [String: Any] {
        let script = scriptDirectory.appendingPathComponent("\(name).py").path
        // No __pycache__ next to the scripts: SwiftPM would report it as unhandled files of the test target.
        let output = try ExternalProcess.run(
            interpreter,
            [script] + arguments,
            environment: ["PYTHONDONTWRITEBYTECODE": "1"]
        )
        guard output.status == 0,
            let line = output.standardOutput.split(separator: "\n").last,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            let streams = "stdout: \(output.standardOutput)\nstderr: \(output.standardError)"
            throw Failed(description: "\(name).py exited \(output.status)\n\(streams)")
        }
        return object
    }
}
