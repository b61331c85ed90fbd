/// Why a serde could not turn a value into bytes or bytes into a value.
///
/// Two errors are equal when their codes are equal; the detail, file and line only help a reader.
public struct SerdeError: Error, CustomStringConvertible, Equatable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case nullValue
            case wrongLength
            case invalidUTF8
            case decodingFailed
            case encodingFailed
            case invalidValue
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// A null arrived where a serde for a non-optional value expected bytes.
        public static let nullValue = Code(.nullValue)
        /// A fixed-width serde got the wrong number of bytes.
        public static let wrongLength = Code(.wrongLength)
        /// The bytes are not valid UTF-8.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A structured decoder (such as JSON) rejected the bytes.
        public static let decodingFailed = Code(.decodingFailed)
        /// A structured encoder (such as JSON) rejected the value.
        public static let encodingFailed = Code(.encodingFailed)
        /// A custom serde rejected a value or its bytes.
        public static let invalidValue = Code(.invalidValue)

        /// The code's name, such as `nullValue`.
        public var description: String {
            switch kind {
            case .nullValue: "nullValue"
            case .wrongLength: "wrongLength"
            case .invalidUTF8: "invalidUTF8"
            case .decodingFailed: "decodingFailed"
            case .encodingFailed: "encodingFailed"
            case .invalidValue: "invalidValue"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, in words.
    public let detail: String
    /// The source file that raised the error.
    public let file: String
    /// The line that raised the error.
    public let line: UInt

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - detail: What went wrong, in words.
    ///   - file: The source file that raised the error; defaults to the caller's.
    ///   - line: The line that raised the error; defaults to the caller's.
    public init(_ code: Code, _ detail: String, file: String = #fileID, line: UInt = #line) {
        self.code = code
        self.detail = detail
        self.file = file
        self.line = line
    }

    /// The code and the detail, such as `nullValue: null value where String was expected`.
    public var description: String {
        "\(code): \(detail)"
    }

    /// Compares codes only.
    public static func == (lhs: SerdeError, rhs: SerdeError) -> Bool {
        lhs.code == rhs.code
    }

    @usableFromInline
    static func null(expecting type: Any.Type, file: String = #fileID, line: UInt = #line) -> SerdeError {
        SerdeError(.nullValue, "null value where \(type) was expected", file: file, line: line)
    }
}
