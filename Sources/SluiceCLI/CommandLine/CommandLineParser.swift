/// Matches the words after a command's name against its declared options and arguments.
struct CommandLineParser {
    enum Outcome {
        case help
        case parsed(ParsedArguments)
    }

    let commandName: String
    let configuration: CommandConfiguration

    func parse(_ words: [String]) throws -> Outcome {
        // Help wins wherever it appears before `--`, even after an option that is missing its value.
        for word in words {
            if word == "--" { break }
            if word == "--help" || word == "-h" { return .help }
        }

        var values: [String: [String]] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
        var index = 0
        var onlyPositionals = false

        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || !Self.looksLikeOption(word) {
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }

            let spec: OptionSpec
            var inlineValue: String?
            let spelled: String
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name: Substring
                if let equals = body.firstIndex(of: "=") {
                    name = body[..<equals]
                    inlineValue = String(body[body.index(after: equals)...])
                } else {
                    name = body
                }
                spelled = "--\(name)"
                guard let found = configuration.options.first(where: { $0.name == name }) else {
                    throw unknownOption(spelled)
                }
                spec = found
            } else {
                spelled = word
                guard word.count == 2, let found = configuration.options.first(where: { $0.shortName == word.last })
                else {
                    throw unknownOption(word)
                }
                spec = found
            }

            switch spec.kind {
            case .flag:
                guard inlineValue == nil else {
                    throw usage("flag '--\(spec.name)' takes no value")
                }
                guard !flags.contains(spec.name) || spec.isRepeatable else {
                    throw usage("option '--\(spec.name)' is given more than once")
                }
                flags.insert(spec.name)
            case .value:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < words.count, !Self.looksLikeOption(words[index]) || words[index] == "-" {
                    value = words[index]
                    index += 1
                } else {
                    throw usage("option '\(spelled)' needs a value <\(spec.valueName)>")
                }
                if values[spec.name] != nil && !spec.isRepeatable {
                    throw usage("option '--\(spec.name)' is given more than once")
                }
                try check(value, allowed: spec.allowedValues, label: "option '--\(spec.name)'")
                values[spec.name, default: []].append(value)
            }
        }

        try assign(positionals, to: &values)
        for option in configuration.options where option.isRequired && values[option.name] == nil {
            throw usage("missing option '--\(option.name) <\(option.valueName)>'")
        }
        return .parsed(
            ParsedArguments(commandName: commandName, values: values, flags: flags, configuration: configuration)
        )
    }

    private func assign(_ positionals: [String], to values: inout [String: [String]]) throws {
        var remaining = positionals[...]
        for argument in configuration.arguments {
            if remaining.isEmpty {
                if argument.isRequired {
                    throw usage("missing argument <\(argument.name)>")
                }
                continue
            }
            let taken = argument.isRepeatable ? Array(remaining) : [remaining.removeFirst()]
            if argument.isRepeatable {
                remaining.removeAll()
            }
            for value in taken {
                try check(value, allowed: argument.allowedValues, label: "argument <\(argument.name)>")
            }
            values[argument.name] = taken
        }
        if let extra = remaining.first {
            throw usage("unexpected argument '\(extra)'")
        }
    }

    private func check(_ value: String, allowed: [String]?, label: String) throws {
        guard let allowed, !allowed.contains(value) else { return }
        throw CommandLineError(
            "invalid value '\(value)' for \(label) of '\(commandName)': expected one of: "
                + allowed.joined(separator: ", "),
            hint: "see '\(commandName) --help'"
        )
    }

    private func usage(_ message: String) -> CommandLineError {
        CommandLineError("\(message) for '\(commandName)'", hint: "see '\(commandName) --help'")
    }

    private func unknownOption(_ spelled: String) -> CommandLineError {
        let names = configuration.options.map { "--\($0.name)" } + ["--help"]
        var hint = "see '\(commandName) --help'"
        if let suggestion = Self.closest(to: spelled, among: names) {
            hint = "did you mean '\(suggestion)'? " + hint
        }
        return CommandLineError("unknown option '\(spelled)' for '\(commandName)'", hint: hint)
    }

    /// Whether a word is an option rather than a value: it starts with a dash and is not a negative number.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        return Double(word) == nil
    }

    /// The candidate nearest to `word` by edit distance, when it is close enough to be a likely typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs)
        let right = Array(rhs)
        var previous = Array(0...right.count)
        for (i, leftCharacter) in left.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: right.count)
            for (j, rightCharacter) in right.enumerated() {
                let substitution = previous[j] + (leftCharacter == rightCharacter ? 0 : 1)
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, substitution)
            }
            previous = current
        }
        return previous[right.count]
    }
}
