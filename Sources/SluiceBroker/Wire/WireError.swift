/// A request that cannot be decoded; the connection that sent it is closed.
enum WireError: Error, Equatable {
    /// The request ended before a field was complete.
    case truncated
    /// A length or count was negative where that is not allowed, or too large.
    case invalidLength
    /// A string was not valid UTF-8.
    case invalidString
    /// The request version is outside the advertised range.
    case unsupportedVersion
}
