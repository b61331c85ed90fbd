import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `sluice broker-fault ACTION --control HOST:PORT`: injects a fault into a running `sluice broker` through its
/// loopback control port.
struct BrokerFaultCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "broker-fault",
        abstract: "Inject a fault into a running 'sluice broker --control-port P'",
        discussion: """
            inject fails the next --count requests of --api with Kafka error code --error (Produce, Fetch,
            OffsetCommit, FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, InitProducerId,
            AddOffsetsToTxn, EndTxn); delay holds every response --ms milliseconds (0 ends it); drop-connections
            closes every client connection; pause closes every new connection for --seconds; clear undoes all.
            The control port listens on loopback only.
            """,
        options: [
            .option("control", valueName: "HOST:PORT", help: "The broker's control address", isRequired: true),
            .option("api", valueName: "NAME", help: "inject: the API to fail, e.g. Produce"),
            .option("error", valueName: "CODE", help: "inject: the Kafka error code to answer"),
            .option("count", valueName: "N", help: "inject: how many requests fail", defaultValue: "1"),
            .option("ms", valueName: "MILLISECONDS", help: "delay: the delay of every response"),
            .option("seconds", valueName: "SECONDS", help: "pause: how long new connections are refused"),
        ],
        arguments: [
            ArgumentSpec(
                "ACTION",
                help: "What to do",
                allowedValues: ["inject", "delay", "drop-connections", "pause", "clear"]
            )
        ]
    )

    private let host: String
    private let port: Int
    private let line: String

    init(parsed: ParsedArguments) throws {
        let hint = "see 'sluice broker-fault --help'"
        let control = try parsed.string("control")
        let parts = control.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]), (1...65_535).contains(port) else {
            throw CommandLineError("invalid value '\(control)' for '--control': expected HOST:PORT", hint: hint)
        }
        let host = parts[0] == "localhost" ? "127.0.0.1" : String(parts[0])
        guard host.hasPrefix("127.") else {
            throw CommandLineError(
                "--control must be a loopback address (the control port listens on 127.0.0.1)",
                hint: hint
            )
        }
        self.host = host
        self.port = port

        switch try parsed.string("ACTION") {
        case "inject":
            guard let api = parsed.optionalString("api"), let code = try parsed.optionalInt("error") else {
                throw CommandLineError("inject needs --api and --error", hint: hint)
            }
            line = "inject \(api) \(code) \(try parsed.int("count"))"
        case "delay":
            guard let milliseconds = try parsed.optionalInt("ms"), milliseconds >= 0 else {
                throw CommandLineError("delay needs --ms (0 or more)", hint: hint)
            }
            line = "delay \(milliseconds)"
        case "pause":
            guard let seconds = parsed.optionalString("seconds").flatMap(Double.init), seconds >= 0 else {
                throw CommandLineError("pause needs --seconds (0 or more)", hint: hint)
            }
            line = "pause \(Int(seconds * 1000))"
        case let action:
            line = action
        }
    }

    func run() throws -> Int32 {
        let answer = try send(line)
        guard answer == "ok" else {
            StandardError.write("sluice broker-fault: the broker answered: \(answer)")
            return 1
        }
        return 0
    }

    /// Sends one command line to the control port and returns the answer line.
    private func send(_ command: String) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw CommandLineError("cannot create a socket", hint: nil) }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw CommandLineError("'\(host)' is not an IPv4 address", hint: nil)
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw CommandLineError(
                "cannot connect to the control port \(host):\(port)",
                hint: "is the broker running with --control-port?"
            )
        }
        let bytes = Array((command + "\n").utf8)
        guard
            bytes.withUnsafeBytes({ Glibc.send(socket, $0.baseAddress!, bytes.count, Int32(MSG_NOSIGNAL)) })
                == bytes.count
        else { throw CommandLineError("cannot send to the control port", hint: nil) }

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while !received.contains(UInt8(ascii: "\n")) {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, 256, 0) }
            guard count > 0 else { throw CommandLineError("the control port closed without answering", hint: nil) }
            received += buffer[0..<count]
        }
        return String(decoding: received.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }
}
