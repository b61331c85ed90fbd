import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A single-node, in-memory Kafka-protocol broker with real transaction semantics, for tests and local
/// development.
///
/// Start it on port 0 and hand ``bootstrapServers`` to any Kafka client:
///
/// ```swift
/// var configuration = BrokerConfiguration()
/// configuration.port = 0
/// let broker = Broker(configuration: configuration)
/// try broker.start()
/// defer { broker.stop() }
/// print(broker.bootstrapServers)  // "127.0.0.1:41234"
/// ```
///
/// Each connection is served by its own thread; the broker's state lives behind one lock.
///
/// With ``BrokerConfiguration/dataDirectory`` the log and the metadata live in files and survive a restart
/// (even after SIGKILL); without it everything is kept in memory and lost with the `Broker` object
/// (``stop()`` keeps it for a later ``start()``).
///
/// - Important: Not for production: there is no replication, SASL or TLS, and session timeouts are not
///   bounded. See `Docs/Broker.md` for the supported APIs, the storage layout and the fsync policy.
public final class Broker: @unchecked Sendable {
    private let configuration: BrokerConfiguration
    let state: BrokerState
    let lifecycle = Mutex(Lifecycle())
    private let threads = DispatchGroup()
    private let stopped = DispatchSemaphore(value: 0)

    struct Lifecycle {
        var listener: Int32 = -1
        var port = 0
        var controlListener: Int32 = -1
        var controlPort = 0
        var running = false
        var connections: Set<Int32> = []
    }

    /// Creates a broker; nothing listens until ``start()``.
    public init(configuration: BrokerConfiguration = BrokerConfiguration()) {
        self.configuration = configuration
        self.state = BrokerState(configuration: configuration)
    }

    deinit {
        stop()
    }

    /// The bound TCP port (useful with port 0); 0 before ``start()``.
    public var port: Int { lifecycle.withLock { $0.port } }

    /// The bound control port for fault-injection commands (see ``BrokerConfiguration/controlPort``), 0 when
    /// there is none or before ``start()``.
    public var controlPort: Int { lifecycle.withLock { $0.controlPort } }

    /// `host:port` for a client's `bootstrap.servers`.
    public var bootstrapServers: String { "\(configuration.host):\(port)" }

    /// Binds the listening socket and starts the accept and housekeeping threads, then returns.
    ///
    /// - Throws: ``BrokerError`` with code `.socket` when the address cannot be bound, or `.alreadyStarted`.
    public func start() throws {
        try state.withLock { try state.openStorage() }
        let listener = try lifecycle.withLock { lifecycle -> Int32 in
            guard !lifecycle.running, lifecycle.listener < 0 else {
                throw BrokerError(.alreadyStarted, "the broker is already running")
            }
            let listener = try Self.listen(host: configuration.host, port: configuration.port)
            if let controlPort = configuration.controlPort {
                do {
                    let control = try Self.listen(host: "127.0.0.1", port: controlPort)
                    lifecycle.controlListener = control.socket
                    lifecycle.controlPort = control.port
                } catch {
                    close(listener.socket)
                    throw error
                }
            }
            lifecycle.listener = listener.socket
            lifecycle.port = listener.port
            lifecycle.running = true
            return listener.socket
        }
        let control = lifecycle.withLock { $0.controlListener }
        let port = self.port
        state.withLock {
            state.advertisedPort = Int32(port)
            state.stopping = false
        }
        state.log("listening on \(configuration.host):\(port)")

        spawn(name: "sluice-broker-accept") { [self] in acceptLoop(listener) }
        spawn(name: "sluice-broker-housekeeping") { [self] in housekeepingLoop() }
        if control >= 0 {
            spawn(name: "sluice-broker-control") { [self] in controlLoop(control) }
        }
    }

    /// Creates a topic with `partitions` partitions.
    ///
    /// - Parameters:
    ///   - name: The topic's name.
    ///   - partitions: How many partitions it has.
    ///   - configs: Topic configuration as CreateTopics would carry it: `cleanup.policy` (`delete` or
    ///     `compact`), `retention.ms`, `retention.bytes`, `delete.retention.ms`.
    /// - Throws: ``BrokerError`` with `.topicExists` when it exists, `.invalidArgument` for a bad name or count,
    ///   `.storage` when the data directory cannot be written.
    public func createTopic(_ name: String, partitions: Int, configs: [String: String] = [:]) throws {
        let code = try state.withLock {
            try state.openStorage()
            return state.createTopicLocked(name, partitions: partitions, configs: configs)
        }
        switch code {
        case ErrorCode.none: return
        case ErrorCode.kafkaStorageError:
            throw BrokerError(.storage, "cannot write topic \(name) to the data directory")
        case ErrorCode.topicAlreadyExists: throw BrokerError(.topicExists, "topic \(name) exists")
        default: throw BrokerError(.invalidArgument, "cannot create topic \(name) with \(partitions) partitions")
        }
    }

    /// The high watermark of a partition (one past its last offset, transaction markers included), or `nil`
    /// if the partition does not exist.
    public func highWatermark(topic: String, partition: Int) -> Int64? {
        state.withLock { state.partitionLog(PartitionKey(topic: topic, partition: Int32(partition)))?.highWatermark }
    }

    /// The last stable offset of a partition (the first offset of its oldest open transaction, or the high
    /// watermark), or `nil` if the partition does not exist.
    public func lastStableOffset(topic: String, partition: Int) -> Int64? {
        state.withLock {
            state.partitionLog(PartitionKey(topic: topic, partition: Int32(partition)))?.lastStableOffset
        }
    }

    /// The offset committed for a group and partition (transactional offsets only once committed), or `nil`.
    public func committedOffset(group: String, topic: String, partition: Int) -> Int64? {
        state.withLock { state.groups[group]?.offsets[PartitionKey(topic: topic, partition: Int32(partition))]?.offset }
    }

    /// Runs retention (`retention.ms`, `retention.bytes`) and compaction (`cleanup.policy=compact`) of every
    /// topic now, instead of waiting for ``BrokerConfiguration/cleanerInterval``.
    public func compactNow() {
        state.withLock {
            if state.clean() { state.condition.broadcast() }
        }
    }

    /// Closes the listener and every connection and waits for the broker's threads to end. Idempotent.
    /// Topics, groups and transactions stay in memory, so a later ``start()`` serves them again.
    public func stop() {
        let sockets: [Int32]? = lifecycle.withLock { lifecycle in
            guard lifecycle.running else { return nil }
            lifecycle.running = false
            return [lifecycle.listener, lifecycle.controlListener].filter { $0 >= 0 } + lifecycle.connections
        }
        guard let sockets else { return }
        state.withLock {
            state.stopping = true
            state.condition.broadcast()
        }
        for socket in sockets {
            shutdown(socket, Int32(SHUT_RDWR))
        }
        threads.wait()
        state.withLock { state.syncStorage() }
        lifecycle.withLock { lifecycle in
            close(lifecycle.listener)
            lifecycle.listener = -1
            if lifecycle.controlListener >= 0 { close(lifecycle.controlListener) }
            lifecycle.controlListener = -1
            lifecycle.controlPort = 0
        }
        state.log("stopped")
        stopped.signal()
    }

    /// Starts the broker and blocks until ``stop()`` is called from another thread (a signal handler, say).
    ///
    /// - Throws: what ``start()`` throws.
    public func run() throws {
        try start()
        stopped.wait()
    }

    // MARK: - Threads

    func spawn(name: String, _ body: @escaping @Sendable () -> Void) {
        threads.enter()
        let thread = Thread { [threads] in
            body()
            threads.leave()
        }
        thread.name = name
        thread.start()
    }

    private func acceptLoop(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let paused = state.withLock { state.faults.pausedUntil.map { ContinuousClock.now < $0 } ?? false }
            if paused {
                close(client)
                continue
            }
            let accepted = lifecycle.withLock { lifecycle in
                guard lifecycle.running else { return false }
                lifecycle.connections.insert(client)
                return true
            }
            guard accepted else {
                close(client)
                return
            }
            let connection = Connection(socket: client, state: state)
            spawn(name: "sluice-broker-connection") { [self] in
                connection.run()
                lifecycle.withLock { _ = $0.connections.remove(client) }
                close(client)
            }
        }
    }

    private func housekeepingLoop() {
        state.withLock {
            while !state.stopping {
                state.tick()
                state.wait(until: ContinuousClock.now + configuration.housekeepingInterval)
            }
        }
    }

    /// The sockets of the open client connections.
    func lifecycleConnections() -> [Int32] {
        lifecycle.withLock { Array($0.connections) }
    }

    // MARK: - Sockets

    static func listen(host: String, port: Int) throws -> (socket: Int32, port: Int) {
        guard (0...65535).contains(port) else { throw BrokerError(.invalidArgument, "port \(port) is out of range") }
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw BrokerError(.socket, "socket() failed: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(listener)
            throw BrokerError(.invalidArgument, "\(host) is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, Glibc.listen(listener, 128) == 0 else {
            let code = errno
            close(listener)
            throw BrokerError(.socket, "cannot listen on \(host):\(port): errno \(code)")
        }

        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        return (listener, Int(UInt16(bigEndian: address.sin_port)))
    }
}
