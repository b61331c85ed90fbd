#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The event loop of ``MetricsServer``: accepts, reads, answers and writes with non-blocking sockets and
/// `poll(2)` on the server's own thread, until a byte arrives on the wake pipe.
struct MetricsServerLoop: Sendable {
    let listenFileDescriptor: Int32
    let wakeFileDescriptor: Int32
    let configuration: MetricsServer.Configuration
    let registry: MetricsRegistry
    let readiness: @Sendable () -> Bool

    private var connections: [MetricsConnection] = []
    /// Set when `accept` fails for lack of descriptors, so the loop does not spin on a readable listener.
    private var acceptPausedUntil: ContinuousClock.Instant?

    init(
        listenFileDescriptor: Int32,
        wakeFileDescriptor: Int32,
        configuration: MetricsServer.Configuration,
        registry: MetricsRegistry,
        readiness: @escaping @Sendable () -> Bool
    ) {
        self.listenFileDescriptor = listenFileDescriptor
        self.wakeFileDescriptor = wakeFileDescriptor
        self.configuration = configuration
        self.registry = registry
        self.readiness = readiness
    }

    /// Serves until woken, then closes every descriptor it owns.
    mutating func run() {
        defer {
            for connection in connections {
                close(connection.fileDescriptor)
            }
            connections.removeAll()
            close(listenFileDescriptor)
            close(wakeFileDescriptor)
        }

        while true {
            // A full server stops polling the listener, so new clients wait in the kernel's backlog.
            if let pause = acceptPausedUntil, pause <= .now {
                acceptPausedUntil = nil
            }
            let accepting = connections.count < configuration.maxConnections && acceptPausedUntil == nil
            var descriptors = [pollfd(fd: wakeFileDescriptor, events: Int16(POLLIN), revents: 0)]
            if accepting {
                descriptors.append(pollfd(fd: listenFileDescriptor, events: Int16(POLLIN), revents: 0))
            }
            let firstConnection = descriptors.count
            for connection in connections {
                let events = connection.isWriting ? POLLOUT : POLLIN
                descriptors.append(pollfd(fd: connection.fileDescriptor, events: Int16(events), revents: 0))
            }

            let ready = poll(&descriptors, nfds_t(descriptors.count), pollTimeoutMilliseconds())
            if ready < 0 && errno != EINTR {
                return
            }
            if descriptors[0].revents != 0 {
                return
            }

            // Serve the connections polled this round before accepting, so indices still match.
            var index = connections.count - 1
            while index >= 0 {
                let revents = descriptors[firstConnection + index].revents
                if revents != 0 && !serve(&connections[index], revents: revents) {
                    close(connections[index].fileDescriptor)
                    connections.remove(at: index)
                }
                index -= 1
            }
            expireDeadlines()
            if accepting && descriptors[1].revents != 0 {
                acceptClients()
            }
        }
    }

    /// The poll timeout: until the nearest connection deadline, at most one second.
    private func pollTimeoutMilliseconds() -> Int32 {
        let deadlines = connections.map(\.deadline) + (acceptPausedUntil.map { [$0] } ?? [])
        guard let nearest = deadlines.min() else { return 1000 }
        let remaining = nearest - .now
        let milliseconds =
            remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, min(1000, milliseconds + 1)))
    }

    private mutating func acceptClients() {
        while connections.count < configuration.maxConnections {
            let client = accept(listenFileDescriptor, nil, nil)
            guard client >= 0 else {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    acceptPausedUntil = .now + .milliseconds(100)
                }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            _ = fcntl(client, F_SETFL, O_NONBLOCK)
            #if canImport(Darwin)
                var enable: Int32 = 1
                _ = setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &enable, socklen_t(MemoryLayout<Int32>.size))
            #endif
            connections.append(
                MetricsConnection(fileDescriptor: client, deadline: .now + configuration.requestTimeout)
            )
        }
    }

    /// Reads or writes what the connection is ready for; returns `false` when it should be closed.
    private func serve(_ connection: inout MetricsConnection, revents: Int16) -> Bool {
        if connection.isWriting {
            return writeResponse(&connection)
        }
        if revents & Int16(POLLIN | POLLHUP | POLLERR) == 0 {
            return true
        }

        var buffer = [UInt8](repeating: 0, count: 4096)
        let room = configuration.maxRequestBytes + 1 - connection.received.count
        let count = recv(connection.fileDescriptor, &buffer, min(buffer.count, room), 0)
        if count == 0 {
            return false
        }
        if count < 0 {
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR
        }
        connection.received.append(contentsOf: buffer[0..<count])

        let response: HTTPResponse
        var includeBody = true
        switch HTTPRequestHead.parse(connection.received) {
        case .incomplete:
            guard connection.received.count > configuration.maxRequestBytes else { return true }
            response = .plain(431, "Request Header Fields Too Large")
        case .malformed:
            response = .plain(400, "Bad Request")
        case .complete(let request):
            response = MetricsServer.response(to: request, registry: registry, readiness: readiness)
            includeBody = request.method != "HEAD"
        }
        connection.received = []
        connection.response = response.bytes(includeBody: includeBody)
        connection.deadline = .now + configuration.requestTimeout
        return writeResponse(&connection)
    }

    /// Writes as much of the response as the socket takes; returns `false` when done or failed.
    private func writeResponse(_ connection: inout MetricsConnection) -> Bool {
        guard let response = connection.response else { return true }

        while connection.sent < response.count {
            let count = response.withUnsafeBytes { bytes in
                send(
                    connection.fileDescriptor,
                    bytes.baseAddress! + connection.sent,
                    bytes.count - connection.sent,
                    sendFlags
                )
            }
            if count > 0 {
                connection.sent += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
            }
        }
        // Half-close first so a client that sent more than the head still gets the response.
        shutdown(connection.fileDescriptor, Int32(SHUT_WR))
        return false
    }

    /// Closes connections past their deadline; a client that is still sending its head gets a best-effort 408.
    private mutating func expireDeadlines() {
        let now = ContinuousClock.now
        connections.removeAll { connection in
            guard connection.deadline <= now else { return false }
            if !connection.isWriting {
                let bytes = HTTPResponse.plain(408, "Request Timeout").bytes(includeBody: true)
                _ = bytes.withUnsafeBytes { send(connection.fileDescriptor, $0.baseAddress!, $0.count, sendFlags) }
            }
            close(connection.fileDescriptor)
            return true
        }
    }
}

#if canImport(Darwin)
    /// Darwin sockets get `SO_NOSIGPIPE` at accept instead.
    private let sendFlags: Int32 = 0
#else
    /// Never raise `SIGPIPE` when a client has gone away.
    private let sendFlags = Int32(MSG_NOSIGNAL)
#endif
