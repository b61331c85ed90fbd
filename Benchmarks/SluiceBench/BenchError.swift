/// A benchmark step that could not go on, with a message for the terminal.
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String

    /// Creates an error with a message.
    init(_ description: String) { self.description = description }
}
