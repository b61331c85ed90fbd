import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The control port: a loopback line protocol that drives the fault-injection API from another process.
///
/// Each command is one line; each gets one line back, `ok` or `error <reason>`:
///
/// ```
/// inject <api> <error code> <count>
/// delay <milliseconds>
/// drop-connections
/// pause <milliseconds>
/// clear
/// ```
extension Broker {
    func controlLoop(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            serveControl(client)
            close(client)
        }
    }

    private func serveControl(_ client: Int32) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while pending.count < 4096 {
            let received = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress!, 512, 0) }
            guard received > 0 else { return }
            pending += buffer[0..<received]
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                let answer = Array((executeControl(line) + "\n").utf8)
                _ = answer.withUnsafeBytes { send(client, $0.baseAddress!, answer.count, Int32(MSG_NOSIGNAL)) }
            }
        }
    }

    /// Runs one control command and returns its answer line.
    func executeControl(_ line: String) -> String {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        switch (words.first, words.count) {
        case ("inject", 4):
            guard let code = Int16(words[2]), let count = Int(words[3]) else {
                return "error usage: inject <api> <error code> <count>"
            }
            do {
                try injectErrors(api: words[1], errorCode: code, count: count)
            } catch let error as BrokerError {
                return "error \(error.message)"
            } catch {
                return "error \(error)"
            }
        case ("delay", 2):
            guard let milliseconds = Int(words[1]), milliseconds >= 0 else { return "error usage: delay <ms>" }
            delayResponses(by: .milliseconds(milliseconds))
        case ("drop-connections", 1):
            dropAllConnections()
        case ("pause", 2):
            guard let milliseconds = Int(words[1]), milliseconds >= 0 else { return "error usage: pause <ms>" }
            pauseAccepting(for: .milliseconds(milliseconds))
        case ("clear", 1):
            clearFaults()
        default:
            return "error unknown command: \(line)"
        }
        return "ok"
    }
}
