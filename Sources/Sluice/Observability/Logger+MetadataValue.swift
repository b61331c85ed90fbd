extension Logger {
    /// The fields attached to a log entry, by key; the keys live in ``LogKey``.
    public typealias Metadata = [String: MetadataValue]

    /// One metadata value, kept typed so JSON output writes numbers and booleans as such.
    public enum MetadataValue: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral,
        ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
        ExpressibleByBooleanLiteral
    {
        /// A text value.
        case string(String)
        /// An integer value, such as a partition or an offset.
        case int(Int64)
        /// A floating-point value, such as a duration in seconds.
        case double(Double)
        /// A boolean value.
        case bool(Bool)

        /// The value as plain text.
        public var description: String {
            switch self {
            case .string(let value): value
            case .int(let value): String(value)
            case .double(let value): String(value)
            case .bool(let value): value ? "true" : "false"
            }
        }

        /// Creates a text value from a literal.
        public init(stringLiteral value: String) {
            self = .string(value)
        }

        /// Creates an integer value from a literal.
        public init(integerLiteral value: Int64) {
            self = .int(value)
        }

        /// Creates a floating-point value from a literal.
        public init(floatLiteral value: Double) {
            self = .double(value)
        }

        /// Creates a boolean value from a literal.
        public init(booleanLiteral value: Bool) {
            self = .bool(value)
        }

        /// Creates an integer value from any binary integer, clamped to the `Int64` range.
        ///
        /// - Parameter value: An integer such as a partition (`Int32`) or an offset (`Int64`).
        public init(_ value: some BinaryInteger) {
            self = .int(Int64(clamping: value))
        }
    }
}
