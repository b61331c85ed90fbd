/// Splits the int32 length-prefixed frames of the Kafka protocol and frames responses.
enum FrameCodec {
    /// The largest request accepted; a longer frame closes the connection.
    static let maximumFrameSize = 100 * 1024 * 1024

    /// The outcome of decoding a request header.
    enum Header {
        /// A request this broker knows, with the reader positioned at the body.
        case request(RequestHeader, ByteReader)
        /// An API key this broker does not implement.
        case unknownKey(Int16, correlationID: Int32)
    }

    /// The length of the frame whose 4-byte prefix is `prefix`, or `nil` if it is out of range.
    static func frameLength(prefix: [UInt8]) -> Int? {
        guard prefix.count == 4 else { return nil }
        let value = prefix.reduce(Int32(0)) { ($0 << 8) | Int32($1) }
        guard value > 0, Int(value) <= maximumFrameSize else { return nil }
        return Int(value)
    }

    /// Decodes the request header of a frame body (the bytes after the length prefix).
    static func decodeHeader(_ frame: [UInt8]) throws -> Header {
        var reader = ByteReader(frame)
        let key = try reader.int16()
        let version = try reader.int16()
        let correlationID = try reader.int32()
        guard let apiKey = APIKey(rawValue: key) else {
            return .unknownKey(key, correlationID: correlationID)
        }
        let clientID = try reader.nullableString()
        let header = RequestHeader(
            apiKey: apiKey,
            apiVersion: version,
            correlationID: correlationID,
            clientID: clientID
        )
        try reader.tags(flexible: header.isFlexible)
        return .request(header, reader)
    }

    /// Frames a response body: length, correlation id and, for flexible versions other than ApiVersions
    /// (whose response header is always v0), an empty tag section.
    static func encodeResponse(header: RequestHeader, body: [UInt8]) -> [UInt8] {
        let flexibleHeader = header.isFlexible && header.apiKey != .apiVersions
        var writer = ByteWriter(capacity: body.count + 9)
        writer.int32(Int32(4 + (flexibleHeader ? 1 : 0) + body.count))
        writer.int32(header.correlationID)
        writer.tags(flexible: flexibleHeader)
        writer.raw(body)
        return writer.bytes
    }
}
