import Testing

@testable import Sluice

@Suite("Log rate limiter")
struct LogRateLimiterTests {
    @Test("at most the limit passes per interval, and the next admitted entry reports the suppressed count")
    func admits() {
        let limiter = LogRateLimiter(limit: 3, interval: .seconds(10))
        let start = ContinuousClock.now

        let first = (0..<10).map { limiter.admit(now: start + .milliseconds($0)) }
        #expect(first == [0, 0, 0, nil, nil, nil, nil, nil, nil, nil])
        #expect(limiter.suppressedCount == 7)

        #expect(limiter.admit(now: start + .seconds(9)) == nil)
        #expect(limiter.admit(now: start + .seconds(10)) == 8)
        #expect(limiter.admit(now: start + .seconds(11)) == 0)
        #expect(limiter.suppressedCount == 0)
    }

    @Test("log adds the suppressed count as metadata and skips disabled levels")
    func logs() {
        let handler = InMemoryLogHandler()
        let logger = Logger(label: "test", handler: handler)
        let limiter = LogRateLimiter(limit: 2, interval: .seconds(60))
        let start = ContinuousClock.now

        for index in 0..<5 {
            limiter.log(logger, level: .error, "bad record", metadata: [LogKey.offset: .init(index)], now: start)
        }
        limiter.log(logger, level: .debug, "not enabled", now: start + .seconds(61))
        limiter.log(logger, level: .error, "bad record", metadata: [LogKey.offset: 5], now: start + .seconds(61))

        let entries = handler.entries
        #expect(entries.map(\.metadata[LogKey.offset]) == [0, 1, 5])
        #expect(entries.map(\.metadata[LogKey.suppressed]) == [nil, nil, 3])
    }
}
