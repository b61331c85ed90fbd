import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A raw TCP client for the metrics server tests: it can send anything, including what no HTTP library would.
final class LoopbackHTTPClient {
    let fileDescriptor: Int32

    /// Connects to 127.0.0.1 (or ::1 when `ipv6` is set) at `port`; reads give up after `readTimeout`.
    init(port: Int, ipv6: Bool = false, readTimeout: Duration = .seconds(10)) throws {
        fileDescriptor = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fileDescriptor >= 0 else { throw POSIXError(.EIO) }

        var timeout = timeval(tv_sec: Int(readTimeout.components.seconds), tv_usec: 0)
        _ = setsockopt(fileDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        let connected: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            address.sin6_addr = in6addr_loopback
            connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fileDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fileDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard connected == 0 else {
            close(fileDescriptor)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit {
        close(fileDescriptor)
    }

    /// Sends bytes; returns `false` when the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer in
            Glibc.send(fileDescriptor, buffer.baseAddress!, buffer.count, Int32(MSG_NOSIGNAL)) == buffer.count
        }
    }

    /// Reads until the server closes the connection (or the read timeout passes).
    func readToEnd() -> String {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = recv(fileDescriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Sends a request and reads the whole response.
    static func exchange(port: Int, _ request: String) throws -> HTTPReply {
        let client = try LoopbackHTTPClient(port: port)
        client.send(request)
        return HTTPReply(raw: client.readToEnd())
    }

    /// Sends `GET path` and reads the whole response.
    static func get(port: Int, _ path: String, method: String = "GET") throws -> HTTPReply {
        try exchange(port: port, "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n")
    }
}
