/// A growable window over a ``ByteSource``: the bytes in `start..<end` have been read and not consumed yet.
///
/// The line-oriented readers parse straight out of `storage`, move `start` past what they consumed, and call
/// ``refill()`` when they need more; refilling slides the unconsumed bytes to the front and doubles the storage
/// when a single record does not fit.
final class ByteWindow {
    private let source: ByteSource
    private(set) var storage: UnsafeMutableRawBufferPointer
    /// The first unconsumed byte.
    var start = 0
    /// One past the last byte read.
    private(set) var end = 0
    /// Whether the source has no more bytes.
    private(set) var sourceFinished = false

    init(source: ByteSource, capacity: Int = 1 << 20) {
        self.source = source
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    /// The storage as bytes; valid until the next ``refill()``.
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeRawBufferPointer(storage).bindMemory(to: UInt8.self)
    }

    /// Reads more bytes from the source, keeping the unconsumed ones.
    func refill() throws {
        if start > 0 {
            if end > start {
                storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        if end == storage.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 16)
            larger.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: end)
            storage.deallocate()
            storage = larger
        }
        let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
        if count == 0 {
            sourceFinished = true
        }
        end += count
    }
}
