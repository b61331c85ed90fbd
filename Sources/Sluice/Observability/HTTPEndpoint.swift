import Foundation
import Glibc

/// A minimal HTTP/1.1 client for one `http://host:port/path` endpoint: one POST per connection, with send and
/// receive timeouts, for exporting spans. No TLS, no redirects.
struct HTTPEndpoint: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let host: String
    let port: UInt16
    let path: String
    var timeout: Duration = .seconds(2)

    init?(_ address: String) {
        guard let url = URL(string: address), url.scheme == "http", let host = url.host else { return nil }
        self.host = host
        self.port = UInt16(url.port ?? 80)
        self.path = url.path.isEmpty ? "/" : url.path
    }

    /// Posts a JSON body; throws unless the answer is a 2xx status.
    func post(body: Data) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let address = found else {
            throw Failure(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(found) }
        let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype, 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(socket) }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            throw Failure(description: "connect to \(host):\(port): errno \(errno)")
        }

        var request = Data(
            ("POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n").utf8
        )
        request.append(body)
        try request.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let written = send(socket, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
                sent += written
            }
        }
        var reply = [UInt8](repeating: 0, count: 512)
        let count = recv(socket, &reply, reply.count, 0)
        guard count > 0 else { throw Failure(description: "no answer from \(host):\(port)") }
        let status = String(decoding: reply[..<count], as: UTF8.self).split(separator: " ").dropFirst().first
        guard let status, status.hasPrefix("2") else {
            throw Failure(description: "\(host):\(port)\(path) answered \(status ?? "nothing")")
        }
    }
}
