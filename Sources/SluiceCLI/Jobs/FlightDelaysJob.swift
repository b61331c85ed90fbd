import FlightDelays
import Foundation
import Sluice
import SluiceBroker
import SluiceKafka

/// The flights job end to end: start an embedded broker unless one is given, load the flights in day order into
/// `flights`, run the ``FlightDelaysTopology`` until the input is drained, and check the books.
///
/// The books: every input record is either an output (cancelled or departed) or a dead letter, and the end
/// offsets of the output topics grew by exactly what the application says it produced. A run whose books do not
/// balance fails loudly, because on librdkafka's mock cluster a partition past about 5 MiB silently loses its
/// oldest batches.
public struct FlightDelaysJob {
    /// How to run the job.
    public struct Options {
        /// The cluster, or `nil` to start an embedded broker in this process.
        public var bootstrapServers: [String]?
        /// Which broker to embed when no cluster is given. Default: `.sluice`.
        public var embeddedBroker: EmbeddedBroker = .sluice
        /// The flights file: CSV, plain, `.gz` or `.zip`.
        public var dataPath: String
        /// Stream threads. Default: 2.
        public var streamThreads = 2
        /// The guarantee; on the embedded mock cluster, which cannot keep exactly-once, it is always
        /// at-least-once. Default: `.exactlyOnce`.
        public var processingGuarantee: ApplicationConfiguration.ProcessingGuarantee = .exactlyOnce
        /// Where logs go.
        public var logger: Logger = .disabled
        /// The metrics registry.
        public var metrics = MetricsRegistry()
        /// Print progress and the summary on stderr. Default: `true`.
        public var printsProgress = true
        /// Load the data file when the input topic is empty. Default: `true`.
        public var loadsData = true
        /// Load the input, then exit without processing, so several `loadsData == false` processes can share it.
        public var loadsOnly = false
        /// Stop once the input is drained and check the books; otherwise run until SIGINT or SIGTERM (a worker,
        /// as the crash harness runs it). Default: `true`.
        public var stopsAtEndOfInput = true
        /// The commit interval, or `nil` for the guarantee's default.
        public var commitInterval: Duration?
        /// The group session timeout. Default: 45 s (the crash harness uses 6 s).
        public var sessionTimeout: Duration = .seconds(45)
        /// Static membership id for this worker, or `nil`.
        public var groupInstanceID: String?
        /// The partition assignment strategy, or `nil` for the library's default.
        public var assignmentStrategy: KafkaConsumerConfiguration.AssignmentStrategy?
        /// Serve `/metrics`, `/healthz` and `/readyz` on this loopback port while the pipeline runs. Default: off.
        public var metricsPort: Int?
        /// Trace sampling and span export. Default: propagation only.
        public var tracing = TracingConfiguration()
        /// Run the stateful stage (hourly windows, carrier table, weather join). Default: `true`; always off on
        /// the embedded mock cluster, which cannot hold its repartition topics.
        public var stateful = true
        /// The weather CSV loaded into `weather` before the flights. Default: `weather.csv` beside the flights file.
        public var weatherPath: String?
        /// The state store engine. Default: in memory.
        public var storeEngine: StoreEngine = .inMemory
        /// The state directory, or `nil` for the default.
        public var stateDirectory: String?
        /// A simulated aircraft lookup after the source (a fixed wait per flight, on lanes or not), or `nil`.
        public var lookup: AircraftLookup?

        /// Creates options.
        public init(bootstrapServers: [String]?, dataPath: String) {
            self.bootstrapServers = bootstrapServers
            self.dataPath = dataPath
        }
    }

    /// What the job did.
    public struct Summary: Sendable, CustomStringConvertible {
        /// Rows read from the data file and loaded (0 when the topic already held them).
        public var loaded = 0
        /// How long loading took.
        public var loadElapsed: Duration = .zero
        /// The processing guarantee the pipeline ran under.
        public var guarantee = ApplicationConfiguration.ProcessingGuarantee.exactlyOnce
        /// What the application reports.
        public var report = ApplicationReport()
        /// Whether SIGINT or SIGTERM stopped the run before the input was drained; the books are not checked
        /// then, and what was committed stays committed.
        public var interrupted = false
        /// Committed records each output topic gained during the run, counted by reading them back.
        public var outputGrowth: [String: Int] = [:]
        /// Whether the stateful stage ran.
        public var stateful = false
        /// Whether the output topics' growth was checked too (not when workers share one input).
        public var sharedInputChecked = true
        /// Weather rows loaded (0 when the topic already held them).
        public var weatherLoaded = 0

        /// Records read by the pipeline per second of its run.
        public var recordsPerSecond: Double {
            let seconds =
                Double(report.elapsed.components.seconds) + Double(report.elapsed.components.attoseconds) / 1e18
            return seconds > 0 ? Double(report.consumedTotal) / seconds : 0
        }

        public var description: String {
            var lines: [String] = []
            if loaded > 0 {
                lines.append(
                    "loaded      \(loaded) rows into \(FlightDelaysTopology.inputTopic) in \(format(loadElapsed))"
                )
            }
            lines.append("guarantee   \(guarantee)")
            lines.append(
                "records in  \(FlightDelaysTopology.inputTopic): "
                    + "\(report.consumed[FlightDelaysTopology.inputTopic] ?? 0)"
            )
            var outputs = [FlightDelaysTopology.cancelledTopic, FlightDelaysTopology.departedTopic]
            if stateful {
                outputs += [
                    FlightDelaysTopology.hourlyTopic, FlightDelaysTopology.carrierTopic,
                    FlightDelaysTopology.lowVisibilityTopic,
                ]
            }
            for topic in outputs {
                lines.append("records out \(topic): \(report.produced[topic] ?? 0)")
            }
            if stateful {
                lines.append("late records \(report.late.values.reduce(0, +))")
            }
            lines.append("dead letters \(FlightDelaysTopology.deadLetterTopic): \(report.deadLettered)")
            lines.append("elapsed     \(format(report.elapsed)), \(Int(recordsPerSecond)) records/s")
            if interrupted {
                lines.append("interrupted before the input was drained: committed work is kept, books not checked")
            } else if !sharedInputChecked {
                lines.append("books       balanced: in = out + dead letters")
            } else {
                lines.append("books       balanced: in = out + dead letters, and the output topics hold exactly that")
            }
            return lines.joined(separator: "\n")
        }

        private func format(_ duration: Duration) -> String {
            String(
                format: "%.2f s",
                Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            )
        }
    }

    /// The brokers the job can start in its own process.
    public enum EmbeddedBroker: String, Sendable {
        /// Sluice's own broker, with transactions: exactly-once works.
        case sluice
        /// librdkafka's mock cluster: no transactions, about 5 MiB per partition; at-least-once only.
        case mock
    }

    /// Why the job failed its own checks.
    public struct BooksError: Error, CustomStringConvertible {
        /// What did not balance.
        public var description: String
    }

    private let options: Options

    /// Creates the job.
    public init(options: Options) {
        self.options = options
    }

    /// Runs the job.
    /// - Throws: ``BooksError`` when the counts do not balance; ``ApplicationError`` or ``KafkaError`` otherwise.
    public func run() throws -> Summary {
        let topics = [
            KafkaAdmin.NewTopic(
                name: FlightDelaysTopology.inputTopic,
                partitions: FlightDelaysTopology.inputPartitions
            ),
            KafkaAdmin.NewTopic(
                name: FlightDelaysTopology.cancelledTopic,
                partitions: FlightDelaysTopology.cancelledPartitions
            ),
            KafkaAdmin.NewTopic(
                name: FlightDelaysTopology.departedTopic,
                partitions: FlightDelaysTopology.departedPartitions
            ),
            KafkaAdmin.NewTopic(
                name: FlightDelaysTopology.deadLetterTopic,
                partitions: FlightDelaysTopology.inputPartitions
            ),
        ]
        let stateful = options.stateful && (options.bootstrapServers != nil || options.embeddedBroker == .sluice)
        let statefulTopics =
            stateful
            ? [
                KafkaAdmin.NewTopic(
                    name: FlightDelaysTopology.weatherTopic,
                    partitions: FlightDelaysTopology.weatherPartitions
                )
            ]
                + [
                    FlightDelaysTopology.hourlyTopic, FlightDelaysTopology.carrierTopic,
                    FlightDelaysTopology.lowVisibilityTopic,
                ]
                .map { KafkaAdmin.NewTopic(name: $0, partitions: FlightDelaysTopology.statefulOutputPartitions) }
            : []
        var mock: KafkaMockCluster?
        var broker: Broker?
        let servers: [String]
        if let given = options.bootstrapServers {
            servers = given
            let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: given))
            defer { admin.close() }
            try admin.createTopics(topics + statefulTopics)
        } else if options.embeddedBroker == .mock {
            let cluster = try KafkaMockCluster()
            for topic in topics {
                try cluster.createTopic(topic.name, partitions: topic.partitions)
            }
            servers = [cluster.bootstrapServers]
            mock = cluster
            progress("started an embedded broker (librdkafka mock cluster, at-least-once only) at \(servers[0])")
        } else {
            var brokerConfiguration = BrokerConfiguration(port: 0)
            // Lets every stream thread join the group's first generation, as Kafka's own
            // group.initial.rebalance.delay.ms does, instead of a second rebalance moments later.
            brokerConfiguration.initialRebalanceDelay = .milliseconds(300)
            let embedded = Broker(configuration: brokerConfiguration)
            try embedded.start()
            for topic in topics + statefulTopics {
                try embedded.createTopic(topic.name, partitions: topic.partitions)
            }
            servers = [embedded.bootstrapServers]
            broker = embedded
            progress("started an embedded broker (sluice broker, in memory) at \(servers[0])")
        }
        defer {
            mock?.stop()
            broker?.stop()
        }

        let books = try EndOffsets(bootstrapServers: servers)
        let outputs = topics.dropFirst().map { ($0.name, $0.partitions) }
        let before = try books.totals(topics.map { ($0.name, $0.partitions) })
        let outputsBefore = try books.snapshot(outputs)
        var summary = Summary()
        summary.stateful = stateful
        if stateful && options.loadsData {
            let weatherBefore = try books.totals([
                (FlightDelaysTopology.weatherTopic, FlightDelaysTopology.weatherPartitions)
            ])
            if weatherBefore[FlightDelaysTopology.weatherTopic, default: 0] == 0 {
                let path =
                    options.weatherPath
                    ?? ((options.dataPath as NSString).deletingLastPathComponent as NSString)
                    .appendingPathComponent("weather.csv")
                progress("loading \(path) into \(FlightDelaysTopology.weatherTopic)…")
                summary.weatherLoaded = try WeatherLoader(
                    path: path,
                    topic: FlightDelaysTopology.weatherTopic,
                    partitionCount: Int32(FlightDelaysTopology.weatherPartitions)
                ).load(into: servers, progress: false).rows
            }
        }
        if !options.loadsData {
            progress("not loading: --no-load")
        } else if before[FlightDelaysTopology.inputTopic, default: 0] == 0 {
            (summary.loaded, summary.loadElapsed) = try load(into: servers)
        } else {
            progress("\(FlightDelaysTopology.inputTopic) already holds records; not loading again")
        }

        if options.loadsOnly {
            progress("loaded; not processing: --load-only")
            return summary
        }

        var configuration = ApplicationConfiguration(
            applicationID: FlightDelaysTopology.applicationID,
            bootstrapServers: servers
        )
        configuration.streamThreads = options.streamThreads
        // librdkafka's mock cluster cannot keep exactly-once, and it silently drops a partition's oldest batches
        // past about 5 MiB: fuller, harder-compressed batches keep each origin's partition under that.
        configuration.processingGuarantee = mock == nil ? options.processingGuarantee : .atLeastOnce
        if mock != nil {
            configuration.producerProperties["linger.ms"] = "100"
            configuration.producerProperties["compression.level"] = "12"
        }
        configuration.compression = .zstd
        configuration.deadLetterTopic = FlightDelaysTopology.deadLetterTopic
        configuration.commitInterval = options.commitInterval
        configuration.sessionTimeout = options.sessionTimeout
        configuration.heartbeatInterval = min(.seconds(3), options.sessionTimeout / 10)
        configuration.groupInstanceID = options.groupInstanceID
        if let strategy = options.assignmentStrategy { configuration.assignmentStrategy = strategy }
        configuration.metricsServer = options.metricsPort.map { MetricsServer.Configuration(port: $0) }
        configuration.tracing = options.tracing
        configuration.storeEngine = options.storeEngine
        if let directory = options.stateDirectory { configuration.stateDirectory = directory }
        // Windows are closed by event time; a late flight is counted and dead-lettered with the reason.
        configuration.lateRecords = .deadLetter
        let application = StreamsApplication(
            topology: try FlightDelaysTopology.make(stateful: stateful, lookup: options.lookup),
            configuration: configuration,
            logger: options.logger,
            metrics: options.metrics
        )
        let interrupted = StopFlag()
        let signals = ShutdownSignals { _ in
            interrupted.set()
            application.shutdown()
        }
        defer { signals.cancel() }
        summary.guarantee = configuration.processingGuarantee
        summary.report = try application.run(stopAtEndOfInput: options.stopsAtEndOfInput)
        summary.interrupted = interrupted.isSet
        guard options.stopsAtEndOfInput, !summary.interrupted else { return summary }

        summary.outputGrowth = try books.records(from: outputsBefore, to: try books.snapshot(outputs))
        summary.sharedInputChecked = options.loadsData
        try check(summary)
        return summary
    }

    private func load(into servers: [String]) throws -> (Int, Duration) {
        progress("loading \(options.dataPath) into \(FlightDelaysTopology.inputTopic) in day order…")
        let file = try InputFile(path: options.dataPath)
        let reader = try CSVReader(source: file.source)
        let rows = try FlightDayOrder.sorted(header: reader.header, rows: try reader.readAll())
        let builder = try CSVRecordBuilder(header: reader.header, keyField: "tailnum", timestampField: "time_hour")

        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: servers)
        producerConfiguration.compression = .zstd
        producerConfiguration.linger = .milliseconds(20)
        let producer = try KafkaProducer(configuration: producerConfiguration)
        var loader = TopicLoader(
            producer: producer,
            topic: FlightDelaysTopology.inputTopic,
            partitionCount: Int32(FlightDelaysTopology.inputPartitions),
            reportsProgress: options.printsProgress
        )
        for row in rows {
            try loader.send(try builder.record(from: row))
        }
        let elapsed = try loader.finish()
        try producer.close()
        return (loader.sent, elapsed)
    }

    private func check(_ summary: Summary) throws {
        let report = summary.report
        let consumed = report.consumed[FlightDelaysTopology.inputTopic, default: 0]
        let produced =
            report.produced[FlightDelaysTopology.cancelledTopic, default: 0]
            + report.produced[FlightDelaysTopology.departedTopic, default: 0]
        let deadFromInput = report.deadLetteredBySource[FlightDelaysTopology.inputTopic, default: 0]
        guard consumed == produced + deadFromInput else {
            throw BooksError(
                description:
                    "books do not balance: \(consumed) records in, \(produced) out + "
                    + "\(deadFromInput) dead letters"
            )
        }
        // Workers sharing one input (--no-load) each write part of the output: the topics' growth is theirs together.
        guard options.loadsData else { return }
        for topic in [FlightDelaysTopology.cancelledTopic, FlightDelaysTopology.departedTopic] {
            let growth = summary.outputGrowth[topic, default: 0]
            guard growth == report.produced[topic, default: 0] else {
                throw BooksError(
                    description:
                        "books do not balance: \(topic) gained \(growth) committed records but "
                        + "\(report.produced[topic, default: 0]) were sent (did the broker drop data?)"
                )
            }
        }
        let deadGrowth = summary.outputGrowth[FlightDelaysTopology.deadLetterTopic, default: 0]
        guard deadGrowth == report.deadLettered else {
            throw BooksError(
                description:
                    "books do not balance: the dead-letter topic gained \(deadGrowth) records, "
                    + "\(report.deadLettered) were sent"
            )
        }
    }

    private func progress(_ line: String) {
        if options.printsProgress { StandardError.write(line) }
    }
}
