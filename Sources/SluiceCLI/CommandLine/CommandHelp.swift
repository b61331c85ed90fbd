/// Renders the help text of a command from its declared options, arguments and subcommands.
struct CommandHelp {
    let commandName: String
    let configuration: CommandConfiguration

    private static let width = 80
    private static let column = 26

    func render() -> String {
        var lines: [String] = []
        lines.append(contentsOf: Self.wrap("OVERVIEW: \(configuration.abstract)", indent: 0, hanging: 10))
        if !configuration.discussion.isEmpty {
            lines.append("")
            lines.append(contentsOf: Self.paragraphs(configuration.discussion))
        }
        lines.append("")
        lines.append(contentsOf: Self.wrap("USAGE: \(usage())", indent: 0, hanging: 7))

        if !configuration.arguments.isEmpty {
            lines.append("")
            lines.append("ARGUMENTS:")
            for argument in configuration.arguments {
                var help = argument.help
                if let allowed = argument.allowedValues {
                    help += " (values: \(allowed.joined(separator: ", ")))"
                }
                lines.append(contentsOf: Self.entry("<\(argument.name)>", help))
            }
        }

        lines.append("")
        lines.append("OPTIONS:")
        for option in configuration.options {
            var label = option.shortName.map { "-\($0), " } ?? ""
            label += "--\(option.name)"
            if option.kind == .value {
                label += " <\(option.valueName)>"
            }
            var help = option.help
            if let allowed = option.allowedValues {
                help += " (values: \(allowed.joined(separator: ", ")))"
            }
            if let defaultValue = option.defaultValue {
                help += " (default: \(defaultValue))"
            }
            if option.isRepeatable {
                help += " (repeatable)"
            }
            lines.append(contentsOf: Self.entry(label, help))
        }
        lines.append(contentsOf: Self.entry("-h, --help", "Show help for this command."))

        if !configuration.subcommands.isEmpty {
            lines.append("")
            lines.append("SUBCOMMANDS:")
            for subcommand in configuration.subcommands {
                lines.append(contentsOf: Self.entry(subcommand.configuration.name, subcommand.configuration.abstract))
            }
            lines.append("")
            lines.append("See '\(commandName) <subcommand> --help' for the help of a subcommand.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func usage() -> String {
        var parts = [commandName]
        if !configuration.subcommands.isEmpty {
            parts.append("<subcommand>")
        }
        for argument in configuration.arguments {
            var part = "<\(argument.name)>"
            if argument.isRepeatable {
                part += " ..."
            }
            parts.append(argument.isRequired ? part : "[\(part)]")
        }
        for option in configuration.options {
            var part = "--\(option.name)"
            if option.kind == .value {
                part += " <\(option.valueName)>"
            }
            if option.isRepeatable {
                part += " ..."
            }
            parts.append(option.isRequired ? part : "[\(part)]")
        }
        return parts.joined(separator: " ")
    }

    private static func entry(_ label: String, _ help: String) -> [String] {
        let start = "  " + label
        if start.count + 2 <= column {
            let padded = start + String(repeating: " ", count: column - start.count)
            var wrapped = wrap(help, indent: column, hanging: column)
            wrapped[0] = padded + wrapped[0].dropFirst(column)
            return wrapped
        }
        return [start] + wrap(help, indent: column, hanging: column)
    }

    /// Rewraps prose: lines next to each other form one paragraph, a blank line separates paragraphs, and an
    /// indented line (an example command, say) is kept as it is.
    private static func paragraphs(_ text: String) -> [String] {
        var lines: [String] = []
        var paragraph: [Substring] = []
        func flush() {
            if !paragraph.isEmpty {
                lines.append(contentsOf: wrap(paragraph.joined(separator: " "), indent: 0, hanging: 0))
                paragraph.removeAll()
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                flush()
                lines.append("")
            } else if line.first?.isWhitespace == true {
                flush()
                lines.append(String(line))
            } else {
                paragraph.append(line)
            }
        }
        flush()
        return lines
    }

    /// Wraps text at ``width`` columns; the first line is indented by `indent`, the rest by `hanging`.
    private static func wrap(_ text: String, indent: Int, hanging: Int) -> [String] {
        var lines: [String] = []
        var line = String(repeating: " ", count: indent)
        var lineHasWord = false
        for word in text.split(separator: " ") {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: hanging)
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}
