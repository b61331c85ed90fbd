extension FlightSerde {
    /// Why bytes are not a flight; ``FlightSerde/deserialize(_:)`` turns it into a `SerdeError`.
    enum Failure: Error, CustomStringConvertible {
        /// The bytes are not JSON at `offset`; `field` is the member whose value was being read, if any.
        case syntax(String, offset: Int, field: Field?)

        /// A field is missing or holds a value of the wrong kind, or one that does not parse; the message names
        /// the field.
        case value(String)

        /// One line, such as `field dep_delay holds 'abc', which is not a number`.
        var description: String {
            switch self {
            case .syntax(let problem, let offset, let field?):
                "field \(field.name): \(problem) at byte \(offset)"
            case .syntax(let problem, let offset, nil):
                "\(problem) at byte \(offset)"
            case .value(let message):
                message
            }
        }

        /// The same failure, attributed to `field` when it is a syntax error not yet attributed to one.
        func within(_ field: Field?) -> Failure {
            guard case .syntax(let problem, let offset, nil) = self, let field else { return self }
            return .syntax(problem, offset: offset, field: field)
        }

        /// A field holding a string, number or literal that is not what the field needs.
        ///
        /// - Parameters:
        ///   - field: The field.
        ///   - text: What it holds, shown quoted and cut to 64 bytes when it came from a string.
        ///   - quoted: Whether `text` came from a JSON string.
        ///   - expected: What it should have been, such as `a whole number`.
        static func holds(_ field: Field, _ text: String, quoted: Bool, expected: String) -> Failure {
            var shown = text
            if shown.utf8.count > 64 {
                shown = String(shown.prefix(60)) + "…"
            }
            let value = quoted ? "'\(shown)'" : shown
            return .value("field \(field.name) holds \(value), which is not \(expected)")
        }
    }
}
