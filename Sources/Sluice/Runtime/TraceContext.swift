/// W3C trace context (`traceparent`) propagation: an output record continues the trace of the input that caused
/// it, with the same trace id and a new span id.
///
/// - Important: Records without a `traceparent` are not sampled into new traces, and spans are not exported; a
///   record's trace travels only through its headers.
enum TraceContext {
    static let header = "traceparent"

    /// The `traceparent` for a record caused by one carrying `parent`, or `nil` when `parent` is malformed.
    static func child(of parent: [UInt8]) -> [UInt8]? {
        // version(2) - trace id(32) - span id(16) - flags(2), separated by dashes: 55 bytes.
        guard parent.count == 55, parent[2] == UInt8(ascii: "-"), parent[35] == UInt8(ascii: "-"),
            parent[52] == UInt8(ascii: "-")
        else { return nil }
        var child = parent
        var span = UInt64.random(in: 1...UInt64.max)
        let digits = Array("0123456789abcdef".utf8)
        for index in stride(from: 51, through: 36, by: -1) {
            child[index] = digits[Int(span & 0xf)]
            span >>= 4
        }
        return child
    }
}
