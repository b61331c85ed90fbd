import Testing

@testable import Sluice

@Suite("Store key encoding")
struct StoreKeyEncodingTests {
    @Test("encoded times sort as unsigned bytes in numeric order, negative before positive")
    func timeOrder() {
        let times: [Int64] = [.min, -86_400_000, -10_000, -1, 0, 1, 255, 256, 10_000, 1_700_000_000_000, .max]
        let encoded = times.map(StoreKeyEncoding.time)
        #expect(encoded.allSatisfy { $0.count == 8 })
        for (earlier, later) in zip(encoded, encoded.dropFirst()) {
            #expect(earlier.lexicographicallyPrecedes(later))
        }
        #expect(times.map { StoreKeyEncoding.decodeTime(StoreKeyEncoding.time($0), at: 0) } == times)
    }

    @Test("window entries sort by start, then key, and decode back")
    func windowEntries() {
        let entries: [(Int64, String)] = [(-20_000, "b"), (-10_000, "a"), (0, "a"), (0, "b"), (10_000, "")]
        let encoded = entries.map { StoreKeyEncoding.window(start: $0.0, key: Array($0.1.utf8)) }
        for (earlier, later) in zip(encoded, encoded.dropFirst()) {
            #expect(earlier.lexicographicallyPrecedes(later))
        }
        for (entry, bytes) in zip(entries, encoded) {
            let decoded = StoreKeyEncoding.decodeWindow(bytes)
            #expect(decoded.start == entry.0)
            #expect(decoded.key == Array(entry.1.utf8))
        }
    }

    @Test("a window bound sorts after every window starting earlier and before every one starting at or after it")
    func windowBound() {
        let bound = StoreKeyEncoding.windowBound(start: 0)
        let earlier = StoreKeyEncoding.window(start: -1, key: [0xff, 0xff, 0xff])
        let atBound = StoreKeyEncoding.window(start: 0, key: [])
        let atBoundKeyed = StoreKeyEncoding.window(start: 0, key: [0])
        #expect(earlier.lexicographicallyPrecedes(bound))
        #expect(!atBound.lexicographicallyPrecedes(bound))
        #expect(bound.lexicographicallyPrecedes(atBoundKeyed))
    }

    @Test("keyed entries group by key and sort by their times within it, and decode back")
    func keyedEntries() {
        let short = StoreKeyEncoding.keyed(Array("ab".utf8), -5, 10)
        let later = StoreKeyEncoding.keyed(Array("ab".utf8), 3, 4)
        let longerKey = StoreKeyEncoding.keyed(Array("abc".utf8), -100, -100)
        #expect(short.lexicographicallyPrecedes(later))
        #expect(later.lexicographicallyPrecedes(longerKey))

        let decoded = StoreKeyEncoding.decodeKeyed(short)
        #expect(decoded.key == Array("ab".utf8))
        #expect(decoded.first == -5)
        #expect(decoded.second == 10)

        let prefix = StoreKeyEncoding.keyPrefix(Array("ab".utf8))
        #expect(prefix == [0, 0, 0, 2] + Array("ab".utf8))
        #expect(short.starts(with: prefix) && later.starts(with: prefix) && !longerKey.starts(with: prefix))
    }

    @Test("prefixEnd is the smallest string above every string with the prefix")
    func prefixEnd() throws {
        #expect(StoreKeyEncoding.prefixEnd([1, 2, 3]) == [1, 2, 4])
        #expect(StoreKeyEncoding.prefixEnd([1, 0xff]) == [2])
        #expect(StoreKeyEncoding.prefixEnd([0x00, 0xff, 0xff]) == [0x01])
        #expect(StoreKeyEncoding.prefixEnd([0xff, 0xff]) == nil)
        #expect(StoreKeyEncoding.prefixEnd([]) == nil)

        let prefix = StoreKeyEncoding.keyPrefix(Array("ab".utf8))
        let end = try #require(StoreKeyEncoding.prefixEnd(prefix))
        let inside = StoreKeyEncoding.keyed(Array("ab".utf8), .max, .max)
        let outside = StoreKeyEncoding.keyed(Array("ac".utf8), .min, .min)
        #expect(inside.lexicographicallyPrecedes(end))
        #expect(!outside.lexicographicallyPrecedes(end))
    }
}
