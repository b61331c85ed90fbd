import Testing

@testable import Sluice

/// Misuse of the registry is a programming error that stops the process; each case runs in a child process.
@Suite("Metrics registry misuse")
struct MetricsRegistryMisuseTests {
    @Test("registering a name as another type stops the process")
    func typeClash() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.counter("x_total", help: "h")
            _ = registry.gauge("x_total", help: "h")
        }
    }

    @Test("registering a name with other label names stops the process")
    func labelClash() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.counter("x_total", help: "h", labels: [("topic", "a")])
            _ = registry.counter("x_total", help: "h", labels: [("partition", "0")])
        }
    }

    @Test("an invalid metric name stops the process")
    func invalidName() async {
        await #expect(processExitsWith: .failure) {
            _ = MetricsRegistry().gauge("sluice-lag", help: "h")
        }
    }

    @Test("a histogram label named le stops the process")
    func reservedLabel() async {
        await #expect(processExitsWith: .failure) {
            _ = MetricsRegistry().histogram("x_seconds", help: "h", labels: [("le", "1")])
        }
    }
}
