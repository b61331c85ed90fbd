import Foundation
import Glibc
import Synchronization

/// A tiny OTLP/HTTP receiver on 127.0.0.1 for tests: accepts POSTs, keeps their bodies, answers 200.
final class LoopbackSpanReceiver: Sendable {
    let port: Int
    private let listener: Int32
    private let bodies = Mutex<[Data]>([])
    private let running = Atomic<Bool>(true)

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Every span object received so far.
    var spans: [[String: Any]] {
        bodies.withLock { $0 }.flatMap { body -> [[String: Any]] in
            guard let root = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
                let resources = root["resourceSpans"] as? [[String: Any]]
            else { return [] }
            return resources.flatMap { resource in
                ((resource["scopeSpans"] as? [[String: Any]]) ?? []).flatMap { ($0["spans"] as? [[String: Any]]) ?? [] }
            }
        }
    }

    func stop() {
        running.store(false, ordering: .releasing)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while running.load(ordering: .acquiring) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var received = Data()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = recv(connection, &buffer, buffer.count, 0)
                guard count > 0 else { break }
                received.append(contentsOf: buffer[..<count])
                if let end = received.range(of: Data("\r\n\r\n".utf8)) {
                    let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).lowercased()
                    let length =
                        head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) }
                        ?? 0
                    if received.count - end.upperBound >= length {
                        bodies.withLock { $0.append(received[end.upperBound..<(end.upperBound + length)]) }
                        break
                    }
                }
            }
            let reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
            _ = reply.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            close(connection)
        }
    }
}
