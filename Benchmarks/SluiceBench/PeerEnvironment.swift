import Foundation

/// The Python interpreters the peers run in, found or installed by the harness.
///
/// Two virtual environments under `Benchmarks/Peers/.venv/` (git-ignored), created on first use with the system's
/// `python3 -m venv` and filled from PyPI with `pip`:
/// - `confluent`: confluent-kafka 2.16.1, the version `make python-env` installs, for the consume loop;
/// - `quix`: quixstreams 3.28.1, which pins confluent-kafka below 2.13, so it cannot share the project's `.venv`.
///
/// `SLUICE_PYTHON` (or the project's `.venv`, when it imports confluent_kafka) is used for the consume loop
/// instead, and `SLUICE_QUIX_PYTHON` for Quix Streams, when set.
struct PeerEnvironment: Sendable {
    /// One peer's interpreter, or why there is none.
    enum Interpreter: Sendable {
        /// The path of a Python that imports the peer's package.
        case ready(String)
        /// Why the peer cannot run.
        case unavailable(String)
    }

    /// The folder holding the harness's virtual environments, relative to the package root.
    static let root = "Benchmarks/Peers/.venv"
    /// What the consume-loop environment installs.
    static let confluentRequirement = "confluent-kafka==2.16.1"
    /// What the Quix Streams environment installs.
    static let quixRequirement = "quixstreams==3.28.1"

    /// The consume loop's interpreter.
    var confluent: Interpreter
    /// Quix Streams' interpreter.
    var quix: Interpreter

    /// The interpreter of `contestant` (a peer), or why it cannot run.
    func interpreter(for contestant: Contestant) -> Interpreter {
        contestant.isQuix ? quix : confluent
    }

    /// Finds the interpreters, creating the virtual environments when `install` is set and they are missing.
    /// - Parameters:
    ///   - needsConfluent: Whether a scenario runs the consume loop.
    ///   - needsQuix: Whether a scenario runs Quix Streams.
    ///   - install: Whether to create missing environments (`--no-install` turns it off).
    ///   - progress: Where progress lines go.
    static func prepare(
        needsConfluent: Bool,
        needsQuix: Bool,
        install: Bool,
        progress: (String) -> Void
    ) -> PeerEnvironment {
        let environment = ProcessInfo.processInfo.environment
        var confluent = Interpreter.unavailable("not needed by the scenarios selected")
        if needsConfluent {
            let candidates = [environment["SLUICE_PYTHON"], ".venv/bin/python"].compactMap { $0 }
            if let found = candidates.first(where: { imports($0, module: "confluent_kafka") }) {
                confluent = .ready(found)
            } else {
                confluent = prepareVirtualEnvironment(
                    named: "confluent",
                    module: "confluent_kafka",
                    requirement: confluentRequirement,
                    install: install,
                    progress: progress
                )
            }
        }
        var quix = Interpreter.unavailable("not needed by the scenarios selected")
        if needsQuix {
            if let configured = environment["SLUICE_QUIX_PYTHON"] {
                quix =
                    imports(configured, module: "quixstreams")
                    ? .ready(configured) : .unavailable("SLUICE_QUIX_PYTHON=\(configured) does not import quixstreams")
            } else {
                quix = prepareVirtualEnvironment(
                    named: "quix",
                    module: "quixstreams",
                    requirement: quixRequirement,
                    install: install,
                    progress: progress
                )
            }
        }
        return PeerEnvironment(confluent: confluent, quix: quix)
    }

    /// The interpreter of `<root>/<name>`, created and filled with `requirement` if it does not import `module`.
    private static func prepareVirtualEnvironment(
        named name: String,
        module: String,
        requirement: String,
        install: Bool,
        progress: (String) -> Void
    ) -> Interpreter {
        let directory = "\(root)/\(name)"
        let python = "\(directory)/bin/python"
        if imports(python, module: module) { return .ready(python) }
        guard install else {
            return .unavailable("\(requirement) is not installed in \(directory) and --no-install was given")
        }
        progress("installing \(requirement) into \(directory) (once)…")
        if !FileManager.default.isExecutableFile(atPath: python) {
            let created = run("/usr/bin/env", ["python3", "-m", "venv", directory])
            guard created.status == 0 else {
                return .unavailable("python3 -m venv \(directory) failed: \(created.output.suffix(300))")
            }
        }
        let installed = run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement])
        guard installed.status == 0 else {
            return .unavailable("pip install \(requirement) failed: \(installed.output.suffix(300))")
        }
        return imports(python, module: module)
            ? .ready(python) : .unavailable("\(python) still does not import \(module) after installing it")
    }

    /// Whether `python` exists and imports `module`.
    static func imports(_ python: String, module: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return run(python, ["-c", "import \(module)"]).status == 0
    }

    /// Runs a command to its end and returns its exit status and its standard output and error together.
    private static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (127, String(describing: error))
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
