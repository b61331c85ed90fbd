/// Pairs the provenance topics of two runs that differ only by their application id.
///
/// Outputs of a sub-topology behind a repartition topic name that topic as their provenance, and its name starts
/// with the application id (`flight-delays-by-origin-repartition`). A replay under a new id reads
/// `flight-delays-replay-by-origin-repartition` instead: the same source under another name. Topics present on
/// one side only are paired with the topic of the other side sharing the longest suffix from a `-` on.
enum ProvenanceTopicPairing {
    /// The pairs, as a map from each paired topic of `second` to its partner in `first`.
    /// - Parameters:
    ///   - first: The provenance topics of the first topic's records.
    ///   - second: Those of the second topic's records.
    /// - Returns: Pairs keyed by the second side's name.
    static func pairs(first: Set<String>, second: Set<String>) -> [String: String] {
        var unpairedFirst = first.subtracting(second).sorted()
        var pairs: [String: String] = [:]
        for candidate in second.subtracting(first).sorted() {
            let scored = unpairedFirst.map { ($0, sharedSuffix($0, candidate)) }
            guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 > 0 else { continue }
            pairs[candidate] = best.0
            unpairedFirst.removeAll { $0 == best.0 }
        }
        return pairs
    }

    /// The length of the longest common suffix of two names that starts at a `-` in both.
    static func sharedSuffix(_ first: String, _ second: String) -> Int {
        let a = Array(first.utf8)
        let b = Array(second.utf8)
        var common = 0
        while common < min(a.count, b.count), a[a.count - 1 - common] == b[b.count - 1 - common] {
            common += 1
        }
        // Shorten to start at a dash, so that `…delays-by-x` and `…replay-by-x` share `-by-x`, not `s-by-x`.
        while common > 0, a[a.count - common] != UInt8(ascii: "-") {
            common -= 1
        }
        return common
    }
}
