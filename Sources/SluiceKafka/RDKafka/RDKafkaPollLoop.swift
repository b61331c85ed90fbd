import Foundation
import Synchronization

/// A dedicated thread that serves a client's callbacks until stopped; never runs on Swift's cooperative pool.
final class RDKafkaPollLoop: Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)

    init(client: RDKafkaClient, name: String) {
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                client.poll(timeout: .milliseconds(50))
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the thread and waits for it; later calls return at once.
    func stop() {
        if running.exchange(false, ordering: .acquiringAndReleasing) {
            finished.wait()
        }
    }
}

extension Array where Element == CChar {
    /// The C string held in a NUL-terminated error buffer.
    var nulTerminatedString: String {
        withUnsafeBufferPointer { buffer in
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
