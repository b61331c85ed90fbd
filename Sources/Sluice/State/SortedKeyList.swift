import Foundation

/// Distinct keys in ascending unsigned byte order, for ``InMemoryByteStore``'s range scans.
///
/// The keys live in consecutive sorted runs of at most ``maximumRunLength`` keys, so an insert or a removal is two
/// binary searches and moves at most one run's worth of references; one flat sorted array would move half of all
/// keys on every insert in random order, which is quadratic over a restore of a million keys.
struct SortedKeyList {
    /// A run longer than this splits in two.
    static let maximumRunLength = 1024

    /// Where a key lies: a run, and an index in it.
    struct Position {
        /// The run.
        var run: Int
        /// The index in the run.
        var index: Int
    }

    /// The runs: none empty, each sorted, each key less than every key of the next run.
    private var runs: [[[UInt8]]] = []

    /// The number of keys.
    private(set) var count = 0

    /// Changes on every insert and removal, so a walk can tell that positions moved under it.
    private(set) var version = 0

    /// Creates an empty list.
    init() {}

    /// The key at a position that ``first(notBelow:)``, ``first(above:)`` or ``position(after:)`` returned.
    subscript(position: Position) -> [UInt8] {
        runs[position.run][position.index]
    }

    /// Adds a key that is not in the list.
    mutating func insert(_ key: [UInt8]) {
        version &+= 1
        count += 1
        guard !runs.isEmpty else {
            runs.append([key])
            return
        }

        // A key above every key goes to the end of the last run.
        let run = min(runIndex(notBelow: key, strictly: false), runs.count - 1)
        let index = Self.index(in: runs[run], notBelow: key, strictly: false)
        runs[run].insert(key, at: index)

        if runs[run].count > Self.maximumRunLength {
            let half = runs[run].count / 2
            let upper = Array(runs[run][half...])
            runs[run].removeSubrange(half...)
            runs.insert(upper, at: run + 1)
        }
    }

    /// Removes a key that is in the list.
    mutating func remove(_ key: [UInt8]) {
        guard let position = first(notBelow: key), Self.compare(self[position], key) == 0 else {
            preconditionFailure("SortedKeyList.remove: the key is not in the list")
        }
        version &+= 1
        count -= 1
        runs[position.run].remove(at: position.index)
        if runs[position.run].isEmpty {
            runs.remove(at: position.run)
        }
    }

    /// Removes every key, keeping no storage.
    mutating func removeAll() {
        version &+= 1
        count = 0
        runs = []
    }

    /// The position of the least key at or above `key` (the first key when `key` is `nil`), or `nil` if none.
    func first(notBelow key: [UInt8]?) -> Position? {
        guard let key else {
            return runs.isEmpty ? nil : Position(run: 0, index: 0)
        }
        return first(key, strictly: false)
    }

    /// The position of the least key above `key`, or `nil` if none.
    func first(above key: [UInt8]) -> Position? {
        first(key, strictly: true)
    }

    /// The position after `position`, or `nil` at the end.
    func position(after position: Position) -> Position? {
        if position.index + 1 < runs[position.run].count {
            return Position(run: position.run, index: position.index + 1)
        }
        if position.run + 1 < runs.count {
            return Position(run: position.run + 1, index: 0)
        }
        return nil
    }

    /// Compares two keys as unsigned bytes, a shorter key before every longer key it is a prefix of.
    ///
    /// - Returns: A negative number, zero or a positive number as `left` is below, equal to or above `right`.
    static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
        left.withUnsafeBufferPointer { leftBytes in
            right.withUnsafeBufferPointer { rightBytes in
                let common = min(leftBytes.count, rightBytes.count)
                if common > 0, let leftBase = leftBytes.baseAddress, let rightBase = rightBytes.baseAddress {
                    let order = memcmp(leftBase, rightBase, common)
                    if order != 0 {
                        return Int(order)
                    }
                }
                return leftBytes.count - rightBytes.count
            }
        }
    }

    // MARK: - Searching

    private func first(_ key: [UInt8], strictly: Bool) -> Position? {
        let run = runIndex(notBelow: key, strictly: strictly)
        guard run < runs.count else {
            return nil
        }
        return Position(run: run, index: Self.index(in: runs[run], notBelow: key, strictly: strictly))
    }

    /// The first run whose last key is at or above `key` (above it when `strictly`), or `runs.count`.
    private func runIndex(notBelow key: [UInt8], strictly: Bool) -> Int {
        var low = 0
        var high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(runs[middle][runs[middle].count - 1], key, orEquals: strictly) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// The first index of `run` whose key is at or above `key` (above it when `strictly`), or `run.count`.
    private static func index(in run: [[UInt8]], notBelow key: [UInt8], strictly: Bool) -> Int {
        var low = 0
        var high = run.count
        while low < high {
            let middle = (low + high) / 2
            if precedes(run[middle], key, orEquals: strictly) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    private static func precedes(_ left: [UInt8], _ right: [UInt8], orEquals: Bool) -> Bool {
        let order = compare(left, right)
        return orEquals ? order <= 0 : order < 0
    }
}
