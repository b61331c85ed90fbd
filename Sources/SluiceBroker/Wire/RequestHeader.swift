/// The header of a request frame (v1, or v2 for flexible versions).
struct RequestHeader {
    var apiKey: APIKey
    var apiVersion: Int16
    var correlationID: Int32
    var clientID: String?

    /// Whether the body and the response use the flexible encoding.
    var isFlexible: Bool { apiKey.isFlexible(apiVersion) }
}
