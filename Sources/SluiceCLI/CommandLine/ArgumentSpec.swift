/// A positional argument of a command, such as the file of `sluice load FILE`.
public struct ArgumentSpec: Sendable, Hashable {
    /// The name shown in help as `<name>` and used to read the value.
    public var name: String

    /// One line of help.
    public var help: String

    /// Whether the command cannot run without it.
    public var isRequired: Bool

    /// Whether it collects every remaining positional value; only the last argument may.
    public var isRepeatable: Bool

    /// The only values accepted, checked while parsing and listed in help; nil accepts any value.
    public var allowedValues: [String]?

    /// Declares a positional argument.
    ///
    /// - Parameters:
    ///   - name: The name used in help and to read the value.
    ///   - help: One line of help.
    ///   - isRequired: Whether the command needs it. Default: true.
    ///   - isRepeatable: Whether it takes every remaining value. Default: false.
    ///   - allowedValues: The only values accepted. Default: any.
    public init(
        _ name: String,
        help: String,
        isRequired: Bool = true,
        isRepeatable: Bool = false,
        allowedValues: [String]? = nil
    ) {
        self.name = name
        self.help = help
        self.isRequired = isRequired
        self.isRepeatable = isRepeatable
        self.allowedValues = allowedValues
    }
}
