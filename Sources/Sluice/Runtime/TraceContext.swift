/// W3C trace context (`traceparent`): an output record continues the trace of the input that caused it, with
/// the same trace id and the span id of the processing span, whose parent is the input's span.
///
/// - Important: Only `traceparent` is carried; `tracestate` travels unchanged with the other input headers, and
///   the sampled flag of the input is not consulted (a record with `traceparent` is always traced).
struct TraceContext: Hashable {
    static let header = "traceparent"

    /// 16 bytes as 32 lowercase hex digits.
    var traceID: String
    /// The span of this processing step: 8 bytes as 16 hex digits.
    var spanID: String
    /// The span that caused the input record, when it carried a `traceparent`.
    var parentSpanID: String?

    /// The processing span for an input whose `traceparent` is `parent`; `nil` when it is malformed.
    init?(continuing parent: [UInt8]) {
        // version(2) - trace id(32) - span id(16) - flags(2), separated by dashes: 55 bytes.
        guard parent.count == 55, parent[2] == UInt8(ascii: "-"), parent[35] == UInt8(ascii: "-"),
            parent[52] == UInt8(ascii: "-")
        else { return nil }
        let text = String(decoding: parent, as: UTF8.self)
        let parts = text.split(separator: "-")
        guard parts.count == 4, parts[1].allSatisfy(\.isHexDigit), parts[2].allSatisfy(\.isHexDigit) else {
            return nil
        }
        traceID = String(parts[1])
        parentSpanID = String(parts[2])
        spanID = Self.randomHex(bytes: 8)
    }

    /// A new trace, for an input without `traceparent` picked by sampling.
    init() {
        traceID = Self.randomHex(bytes: 16)
        spanID = Self.randomHex(bytes: 8)
        parentSpanID = nil
    }

    /// The `traceparent` value outputs carry: this span as their parent, sampled.
    var headerValue: [UInt8] {
        Array("00-\(traceID)-\(spanID)-01".utf8)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `bytes` random bytes as lowercase hex, never all zeros (W3C forbids all-zero ids); `bytes` is 8 or 16.
    private static func randomHex(bytes: Int) -> String {
        var words = (UInt64.random(in: 1...UInt64.max), UInt64.random(in: 0...UInt64.max))
        return String(unsafeUninitializedCapacity: bytes * 2) { buffer in
            for index in 0..<(bytes * 2) {
                if index < 16 {
                    buffer[index] = hexDigits[Int(words.0 & 0xf)]
                    words.0 >>= 4
                } else {
                    buffer[index] = hexDigits[Int(words.1 & 0xf)]
                    words.1 >>= 4
                }
            }
            return bytes * 2
        }
    }
}
