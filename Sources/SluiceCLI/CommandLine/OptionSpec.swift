/// A named option of a command: a flag (`--verbose`) or an option with a value (`--topic NAME`,
/// `--topic=NAME`).
public struct OptionSpec: Sendable, Hashable {
    /// Whether the option takes a value.
    public enum Kind: Sendable, Hashable {
        /// Present or absent, no value.
        case flag

        /// Followed by a value.
        case value
    }

    /// The long name without dashes: `topic` for `--topic`.
    public var name: String

    /// The one-letter short name without its dash, if any: `n` for `-n`.
    public var shortName: Character?

    /// Whether the option is a flag or takes a value.
    public var kind: Kind

    /// The placeholder shown in help for the value, without angle brackets. Default: the long name.
    public var valueName: String

    /// One line of help.
    public var help: String

    /// Whether the command cannot run without it. A required option has no default.
    public var isRequired: Bool

    /// Whether the option may be given more than once, collecting every value.
    public var isRepeatable: Bool

    /// The value used when the option is absent, shown in help.
    public var defaultValue: String?

    /// The only values accepted, checked while parsing and listed in help; nil accepts any value.
    public var allowedValues: [String]?

    /// Declares a flag.
    ///
    /// - Parameters:
    ///   - name: The long name without dashes.
    ///   - shortName: The one-letter short name, if any.
    ///   - help: One line of help.
    public static func flag(_ name: String, shortName: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(
            name: name,
            shortName: shortName,
            kind: .flag,
            valueName: name,
            help: help,
            isRequired: false,
            isRepeatable: false,
            defaultValue: nil,
            allowedValues: nil
        )
    }

    /// Declares an option that takes a value.
    ///
    /// - Parameters:
    ///   - name: The long name without dashes.
    ///   - shortName: The one-letter short name, if any.
    ///   - valueName: The placeholder shown in help. Default: the long name.
    ///   - help: One line of help.
    ///   - isRequired: Whether the command needs it. Default: false.
    ///   - isRepeatable: Whether it may be given more than once. Default: false.
    ///   - defaultValue: The value when absent. Default: none.
    ///   - allowedValues: The only values accepted. Default: any.
    public static func option(
        _ name: String,
        shortName: Character? = nil,
        valueName: String? = nil,
        help: String,
        isRequired: Bool = false,
        isRepeatable: Bool = false,
        defaultValue: String? = nil,
        allowedValues: [String]? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name,
            shortName: shortName,
            kind: .value,
            valueName: valueName ?? name,
            help: help,
            isRequired: isRequired,
            isRepeatable: isRepeatable,
            defaultValue: defaultValue,
            allowedValues: allowedValues
        )
    }
}
