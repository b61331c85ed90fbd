/// What a command declares about itself: name, help text, options, positional arguments and subcommands.
public struct CommandConfiguration: Sendable {
    /// The word that selects the command, such as `load`.
    public var name: String

    /// One line saying what the command does, shown in its parent's list and atop its help.
    public var abstract: String

    /// Longer help shown after the abstract; empty for none.
    public var discussion: String

    /// The named options. `--help` and `-h` are added by the router and must not be declared.
    public var options: [OptionSpec]

    /// The positional arguments, in order.
    public var arguments: [ArgumentSpec]

    /// Commands under this one, selected by the next word (`sluice run flights`).
    public var subcommands: [any SluiceCommand.Type]

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - name: The word that selects the command.
    ///   - abstract: One line saying what it does.
    ///   - discussion: Longer help. Default: none.
    ///   - options: The named options. Default: none.
    ///   - arguments: The positional arguments. Default: none.
    ///   - subcommands: Commands under this one. Default: none.
    public init(
        name: String,
        abstract: String,
        discussion: String = "",
        options: [OptionSpec] = [],
        arguments: [ArgumentSpec] = [],
        subcommands: [any SluiceCommand.Type] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.arguments = arguments
        self.subcommands = subcommands
    }
}
