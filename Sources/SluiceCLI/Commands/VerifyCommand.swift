import Foundation
import SluiceKafka

/// `sluice verify TOPIC`: reads a topic up to its current end and reports per-key order violations, duplicates
/// and gaps.
struct VerifyCommand: SluiceCommand {
    static let configuration = CommandConfiguration(
        name: "verify",
        abstract: "Check a topic's records for per-key order violations, duplicates and gaps (read_committed)",
        discussion: """
            Reads every partition from the beginning to the end offsets taken at start. With --key-field and
            --sequence-field, values are JSON objects: per key, the integer sequence must strictly increase in
            offset order (lower = order violation, equal = duplicate; with --expect-contiguous a jump over
            missing numbers is a gap). Without them, records must carry the sluice.provenance header of a Sluice
            application: per source partition and record key, source offsets must not go backwards within an
            output partition, and no source offset may repeat with the same key and value. Records that cannot
            be read that way count as unreadable. Records of transactions still open when reading starts (past
            the last stable offset) are not visible and not checked: they are counted and make the result
            incomplete. Exit code 0 when clean, 1 when anything was found, 3 when clean but incomplete.
            """,
        options: [
            .option("key-field", valueName: "FIELD", help: "JSON field holding the key (string or number)"),
            .option("sequence-field", valueName: "FIELD", help: "JSON field holding the integer sequence"),
            .flag("expect-contiguous", help: "Report holes in a key's sequence as gaps"),
            .flag("json", help: "Print a JSON object instead of a table"),
            .option(
                "timeout",
                valueName: "DURATION",
                help: "Give up after this long without progress",
                defaultValue: "30s"
            ),
            .option(
                "bootstrap",
                valueName: "HOST:PORT",
                help: "Kafka bootstrap servers, comma-separated",
                isRequired: true
            ),
        ],
        arguments: [ArgumentSpec("TOPIC", help: "The topic to verify")]
    )

    private let topic: String
    private let mode: VerifyMode
    private let json: Bool
    private let timeout: Duration
    private let servers: [String]

    init(parsed: ParsedArguments) throws {
        topic = try parsed.string("TOPIC")
        json = parsed.flag("json")
        timeout = try parsed.duration("timeout")
        servers = CommonOptions.bootstrapServers(parsed)
        guard timeout > .zero else {
            throw CommandLineError("'--timeout' must be positive", hint: "see 'sluice verify --help'")
        }

        let expectsContiguous = parsed.flag("expect-contiguous")
        switch (parsed.optionalString("key-field"), parsed.optionalString("sequence-field")) {
        case (let keyField?, let sequenceField?):
            mode = .sequence(keyField: keyField, sequenceField: sequenceField, expectsContiguous: expectsContiguous)
        case (nil, nil):
            guard !expectsContiguous else {
                throw CommandLineError(
                    "'--expect-contiguous' needs '--key-field' and '--sequence-field'",
                    hint: "see 'sluice verify --help'"
                )
            }
            mode = .provenance
        case (_?, nil), (nil, _?):
            throw CommandLineError(
                "'--key-field' and '--sequence-field' go together",
                hint: "see 'sluice verify --help'"
            )
        }
    }

    func run() throws -> Int32 {
        var checker = OrderChecker(topic: topic, mode: mode)
        let reader = TopicSnapshotReader(bootstrapServers: servers, idleTimeout: timeout)
        let unstable = try reader.recordsPastStableOffset(topic: topic)
        try reader.read(topic: topic) {
            checker.check($0)
        }
        var report = checker.report
        report.pastStableOffset = unstable

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
        }
        return report.isClean ? (report.pastStableOffset > 0 ? 3 : 0) : 1
    }
}
