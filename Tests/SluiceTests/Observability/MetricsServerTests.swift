import Foundation
import Synchronization
import Testing

@testable import Sluice

@Suite("Metrics server", .serialized)
struct MetricsServerTests {
    /// A readiness switch the tests flip.
    final class ReadinessSwitch: Sendable {
        let isReady = Atomic<Bool>(false)
    }

    private func makeServer(
        maxConnections: Int = 8,
        requestTimeout: Duration = .seconds(5),
        readiness: @escaping @Sendable () -> Bool = { true }
    ) throws -> (MetricsServer, MetricsRegistry, Int) {
        let registry = MetricsRegistry()
        registry.counter("sluice_records_consumed_total", help: "Records consumed.", labels: [("topic", "a")])
            .increment(by: 41)
        var configuration = MetricsServer.Configuration()
        configuration.maxConnections = maxConnections
        configuration.requestTimeout = requestTimeout
        let server = MetricsServer(registry: registry, configuration: configuration, readiness: readiness)
        let port = try server.start()
        #expect(port > 0)
        #expect(server.port == port)
        return (server, registry, port)
    }

    @Test("GET /metrics serves the registry as Prometheus text; HEAD sends the head only")
    func metrics() throws {
        let (server, registry, port) = try makeServer()
        defer { server.stop() }

        let reply = try LoopbackHTTPClient.get(port: port, "/metrics")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(reply.header("Connection") == "close")
        #expect(reply.body == registry.prometheusText())
        #expect(reply.body.contains("sluice_records_consumed_total{topic=\"a\"} 41\n"))
        #expect(reply.header("Content-Length") == String(reply.body.utf8.count))

        let head = try LoopbackHTTPClient.get(port: port, "/metrics?x=1", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == String(reply.body.utf8.count))
    }

    @Test("/healthz is 200, /readyz follows the readiness closure from 503 to 200")
    func health() throws {
        let readiness = ReadinessSwitch()
        let (server, _, port) = try makeServer(readiness: { readiness.isReady.load(ordering: .relaxed) })
        defer { server.stop() }

        let healthy = try LoopbackHTTPClient.get(port: port, "/healthz")
        #expect(healthy.status == 200)
        #expect(healthy.body == "ok\n")

        #expect(try LoopbackHTTPClient.get(port: port, "/readyz").status == 503)
        readiness.isReady.store(true, ordering: .relaxed)
        #expect(try LoopbackHTTPClient.get(port: port, "/readyz").status == 200)
    }

    @Test("unknown paths get 404, other methods 405 with Allow, malformed request lines 400")
    func errors() throws {
        let (server, _, port) = try makeServer()
        defer { server.stop() }

        #expect(try LoopbackHTTPClient.get(port: port, "/nope").status == 404)
        let post = try LoopbackHTTPClient.exchange(port: port, "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET, HEAD")
        #expect(try LoopbackHTTPClient.exchange(port: port, "hello\r\n\r\n").status == 400)
        #expect(try LoopbackHTTPClient.exchange(port: port, "GET /metrics HTTP/2.0\r\n\r\n").status == 400)
        #expect(try LoopbackHTTPClient.exchange(port: port, "GET metrics HTTP/1.1\r\n\r\n").status == 400)
        #expect(try LoopbackHTTPClient.exchange(port: port, "GET /metrics\n\n").status == 400)
        #expect(try LoopbackHTTPClient.exchange(port: port, "GET /healthz HTTP/1.0\n\n").status == 200)
    }

    @Test("an oversized request head gets 431 and the connection is closed")
    func oversized() throws {
        let (server, _, port) = try makeServer()
        defer { server.stop() }

        let client = try LoopbackHTTPClient(port: port)
        client.send("GET /metrics HTTP/1.1\r\n")
        for _ in 0..<20 {
            client.send("X-Padding: " + String(repeating: "a", count: 1000) + "\r\n")
        }
        let reply = HTTPReply(raw: client.readToEnd())
        // The server closes after answering; unread request bytes may turn the close into a reset.
        #expect(reply.status == 431 || reply.raw.isEmpty)
        #expect(try LoopbackHTTPClient.get(port: port, "/healthz").status == 200)
    }

    @Test("a client that trickles its request is cut off at the request timeout, and others are still served")
    func slowClient() throws {
        let timeout = Duration.milliseconds(400)
        let (server, _, port) = try makeServer(requestTimeout: timeout)
        defer { server.stop() }

        let start = ContinuousClock.now
        let slow = try LoopbackHTTPClient(port: port)
        slow.send("GET /metrics HTTP/1.1\r\n")
        #expect(try LoopbackHTTPClient.get(port: port, "/healthz").status == 200)
        slow.send("X-Slow: 1\r\n")

        let reply = HTTPReply(raw: slow.readToEnd())
        let elapsed = ContinuousClock.now - start
        #expect(reply.status == 408)
        #expect(elapsed >= timeout)
        #expect(elapsed < .seconds(3))
    }

    @Test("beyond maxConnections new clients wait until a slot frees")
    func connectionLimit() throws {
        let timeout = Duration.milliseconds(400)
        let (server, _, port) = try makeServer(maxConnections: 2, requestTimeout: timeout)
        defer { server.stop() }

        let start = ContinuousClock.now
        let idle = try [LoopbackHTTPClient(port: port), LoopbackHTTPClient(port: port)]
        Thread.sleep(forTimeInterval: 0.05)
        let reply = try LoopbackHTTPClient.get(port: port, "/healthz")
        let elapsed = ContinuousClock.now - start
        #expect(reply.status == 200)
        #expect(elapsed >= timeout)
        #expect(idle.count == 2)
    }

    @Test("garbage, binary bytes and clients that vanish mid-response do not hurt the server")
    func survivesGarbage() throws {
        let (server, registry, port) = try makeServer()
        defer { server.stop() }
        for partition in 0..<2000 {
            registry.gauge("sluice_lag_records", help: "Lag.", labels: [("partition", String(partition))]).set(1)
        }

        for garbage in ["\0\u{1}\u{2}\r\n\r\n", "\r\n\r\n", "GET  HTTP/1.1\r\n\r\n", "GET / HTTP/1.1 extra\r\n\r\n"] {
            #expect(try LoopbackHTTPClient.exchange(port: port, garbage).status == 400)
        }
        for _ in 0..<20 {
            let vanishing = try LoopbackHTTPClient(port: port)
            vanishing.send("GET /metrics HTTP/1.1\r\n\r\n")
        }
        for _ in 0..<5 {
            let halfway = try LoopbackHTTPClient(port: port)
            halfway.send("GET /met")
        }
        let reply = try LoopbackHTTPClient.get(port: port, "/metrics")
        #expect(reply.status == 200)
        #expect(reply.body.utf8.count > 50_000)
    }

    @Test("many clients on several threads are all answered")
    func concurrentClients() async throws {
        let (server, _, port) = try makeServer()
        defer { server.stop() }

        let statuses = await withTaskGroup(of: [Int?].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    (0..<50).map { _ in try? LoopbackHTTPClient.get(port: port, "/metrics").status }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0 == 200 })
    }

    @Test("start reports a taken port, a bad address and a second start; stop is idempotent")
    func lifecycle() throws {
        let (server, registry, port) = try makeServer()

        let clash = MetricsServer(registry: registry, configuration: .init(port: port))
        #expect(throws: MetricsServerError.socketFailed) { try clash.start() }
        #expect(clash.port == nil)

        let bad = MetricsServer(registry: registry, configuration: .init(host: "localhost.invalid", port: 0))
        #expect(throws: MetricsServerError.invalidAddress) { try bad.start() }

        #expect(throws: MetricsServerError.alreadyStarted) { try server.start() }
        server.stop()
        server.stop()
        #expect(server.port == nil)
        #expect(throws: (any Error).self) { try LoopbackHTTPClient.get(port: port, "/healthz") }
        #expect(throws: MetricsServerError.alreadyStarted) { try server.start() }
    }

    @Test("the server binds an IPv6 loopback address too")
    func ipv6() throws {
        let server = MetricsServer(registry: MetricsRegistry(), configuration: .init(host: "::1", port: 0))
        let port = try server.start()
        defer { server.stop() }

        let client = try LoopbackHTTPClient(port: port, ipv6: true)
        client.send("GET /healthz HTTP/1.1\r\n\r\n")
        #expect(HTTPReply(raw: client.readToEnd()).status == 200)
    }

    @Test("request heads are parsed only when complete")
    func parsing() {
        #expect(HTTPRequestHead.parse(Array("GET /metrics HTTP/1.1\r\nHost: x\r\n".utf8)) == .incomplete)
        #expect(
            HTTPRequestHead.parse(Array("GET /metrics?a=b HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                == .complete(HTTPRequestHead(method: "GET", path: "/metrics"))
        )
        #expect(HTTPRequestHead.parse(Array("get /metrics HTTP/1.1\r\n\r\n".utf8)) == .malformed)
    }
}
