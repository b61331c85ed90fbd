import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One client connection, served on its own thread: requests are read, answered and written in order
/// (as Kafka does, one request at a time per connection).
final class Connection: Sendable {
    let socket: Int32
    let state: BrokerState

    init(socket: Int32, state: BrokerState) {
        self.socket = socket
        self.state = state
    }

    /// Serves requests until the client disconnects, sends garbage, or the broker stops.
    func run() {
        while true {
            guard let prefix = read(count: 4), let length = FrameCodec.frameLength(prefix: prefix),
                let frame = read(count: length)
            else { return }
            do {
                switch try FrameCodec.decodeHeader(frame) {
                case .unknownKey(let key, _):
                    state.log("closing connection: unknown API key \(key)")
                    return
                case .request(let header, var reader):
                    guard let body = try state.respond(to: header, reader: &reader) else { continue }
                    let delay = state.withLock { state.faults.responseDelay }
                    if delay > .zero { Thread.sleep(forTimeInterval: Self.seconds(delay)) }
                    guard write(FrameCodec.encodeResponse(header: header, body: body)) else { return }
                }
            } catch {
                state.log("closing connection: \(error)")
                return
            }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func read(count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let received = buffer.withUnsafeMutableBytes { raw in
                recv(socket, raw.baseAddress! + filled, count - filled, 0)
            }
            if received > 0 {
                filled += received
            } else if received < 0, errno == EINTR {
                continue
            } else {
                return nil
            }
        }
        return buffer
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                send(socket, raw.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if result > 0 {
                sent += result
            } else if result < 0, errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }
}
