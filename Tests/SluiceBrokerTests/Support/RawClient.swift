import Foundation
import Glibc

@testable import SluiceBroker

/// A minimal Kafka protocol client over a blocking loopback socket, to check exact answers and error codes.
final class RawClient {
    private let socket: Int32
    private var correlationID: Int32 = 0

    struct Closed: Error {}

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Closed() }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(socket)
    }

    /// Sends a request and returns a reader positioned at the response body.
    func request(
        _ key: Int16,
        version: Int16,
        flexible: Bool = false,
        body: (inout ByteWriter) -> Void
    ) throws -> ByteReader {
        correlationID += 1
        var writer = ByteWriter()
        writer.int16(key)
        writer.int16(version)
        writer.int32(correlationID)
        writer.nullableString("raw-client")
        writer.tags(flexible: flexible)
        body(&writer)
        try send(framed(writer.bytes))

        var reader = ByteReader(try receiveFrame())
        guard try reader.int32() == correlationID else { throw Closed() }
        try reader.tags(flexible: flexible && key != 18)
        return reader
    }

    func framed(_ bytes: [UInt8]) -> [UInt8] {
        var writer = ByteWriter()
        writer.int32(Int32(bytes.count))
        writer.raw(bytes)
        return writer.bytes
    }

    func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress!, bytes.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw Closed() }
    }

    /// Whether the broker closed the connection (a read returns end of file or a reset, not a timeout).
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        let received = recv(socket, &byte, 1, 0)
        return received == 0 || (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    private func receiveFrame() throws -> [UInt8] {
        let prefix = try receive(4)
        let length = prefix.reduce(0) { ($0 << 8) | Int($1) }
        return try receive(length)
    }

    private func receive(_ count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let received = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + filled, count - filled, 0) }
            guard received > 0 else { throw Closed() }
            filled += received
        }
        return buffer
    }
}
