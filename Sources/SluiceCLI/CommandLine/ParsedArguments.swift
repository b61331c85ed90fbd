/// The values parsed for one command, read by name through typed getters.
///
/// Options are read by their long name without dashes and positional arguments by their declared name. An
/// absent option falls back to its declared default. Asking for a name the command never declared is a
/// programming error and stops the process.
public struct ParsedArguments: Sendable {
    /// The full command name, such as `sluice load`, for messages.
    public let commandName: String

    private let values: [String: [String]]
    private let flags: Set<String>
    private let options: [String: OptionSpec]
    private let arguments: [String: ArgumentSpec]

    init(
        commandName: String,
        values: [String: [String]],
        flags: Set<String>,
        configuration: CommandConfiguration
    ) {
        self.commandName = commandName
        self.values = values
        self.flags = flags
        self.options = Dictionary(configuration.options.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.arguments = Dictionary(
            configuration.arguments.map { ($0.name, $0) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    /// Whether a flag was given.
    ///
    /// - Parameter name: The flag's long name.
    public func flag(_ name: String) -> Bool {
        precondition(options[name]?.kind == .flag, "'\(name)' is not a flag of '\(commandName)'")
        return flags.contains(name)
    }

    /// Whether an option or argument was given on the command line (a default does not count).
    ///
    /// - Parameter name: The option's long name or the argument's name.
    public func isPresent(_ name: String) -> Bool {
        _ = label(for: name)
        return values[name] != nil || flags.contains(name)
    }

    /// Every value given for a repeatable option or argument, in order, or its default when absent.
    ///
    /// - Parameters:
    ///   - name: The option's long name or the argument's name.
    ///   - type: The type to read.
    /// - Throws: ``CommandLineError`` when a value does not parse as `type`.
    public func values<Value: CommandLineValue>(_ name: String, as type: Value.Type = Value.self) throws -> [Value] {
        try rawValues(name).map { try convert($0, name: name) }
    }

    /// The value of an option or argument, or nil when absent and without a default.
    ///
    /// - Parameters:
    ///   - name: The option's long name or the argument's name.
    ///   - type: The type to read.
    /// - Throws: ``CommandLineError`` when the value does not parse as `type`.
    public func optionalValue<Value: CommandLineValue>(
        _ name: String,
        as type: Value.Type = Value.self
    ) throws -> Value? {
        guard let text = rawValues(name).last else { return nil }
        return try convert(text, name: name)
    }

    /// The value of an option or argument that must be there (given or defaulted).
    ///
    /// - Parameters:
    ///   - name: The option's long name or the argument's name.
    ///   - type: The type to read.
    /// - Throws: ``CommandLineError`` when it is absent or does not parse as `type`.
    public func value<Value: CommandLineValue>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        guard let value = try optionalValue(name, as: type) else {
            throw CommandLineError(
                "missing \(label(for: name)) for '\(commandName)'",
                hint: "see '\(commandName) --help'"
            )
        }
        return value
    }

    /// The text of an option or argument that must be there.
    public func string(_ name: String) throws -> String { try value(name) }

    /// The text of an option or argument, or nil.
    public func optionalString(_ name: String) -> String? { rawValues(name).last }

    /// Every text value of a repeatable option or argument.
    public func strings(_ name: String) -> [String] { rawValues(name) }

    /// The integer value of an option or argument that must be there.
    public func int(_ name: String) throws -> Int { try value(name) }

    /// The integer value of an option or argument, or nil.
    public func optionalInt(_ name: String) throws -> Int? { try optionalValue(name) }

    /// The duration value (`500ms`, `5s`) of an option or argument that must be there.
    public func duration(_ name: String) throws -> Duration { try value(name) }

    /// The duration value of an option or argument, or nil.
    public func optionalDuration(_ name: String) throws -> Duration? { try optionalValue(name) }

    private func rawValues(_ name: String) -> [String] {
        if let given = values[name] {
            return given
        }
        if let option = options[name] {
            precondition(option.kind == .value, "'\(name)' is a flag of '\(commandName)'; read it with flag(_:)")
            return option.defaultValue.map { [$0] } ?? []
        }
        precondition(arguments[name] != nil, "'\(name)' is not declared by '\(commandName)'")
        return []
    }

    private func label(for name: String) -> String {
        if let option = options[name] {
            return "option '--\(option.name)'"
        }
        precondition(arguments[name] != nil, "'\(name)' is not declared by '\(commandName)'")
        return "argument <\(name)>"
    }

    private func convert<Value: CommandLineValue>(_ text: String, name: String) throws -> Value {
        guard let value = Value(commandLineValue: text) else {
            throw CommandLineError(
                "invalid value '\(text)' for \(label(for: name)) of '\(commandName)': "
                    + "expected \(Value.expectedValueDescription)",
                hint: "see '\(commandName) --help'"
            )
        }
        return value
    }
}
