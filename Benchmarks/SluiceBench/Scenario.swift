/// One timed run: a contestant, a broker, a workload, a guarantee and a commit interval.
struct Scenario: Codable, Sendable {
    /// What runs.
    var contestant: Contestant
    /// Against which broker.
    var broker: BrokerKind
    /// Over which input.
    var workload: WorkloadKind
    /// `true` for exactly-once (transactions), `false` for at-least-once.
    var exactlyOnce: Bool
    /// How often the contestant commits, in milliseconds (0 for the consume-only loop, which never commits).
    var commitMilliseconds: Int

    /// A short unique name, e.g. `project/synthetic/sluice-map/eos/100ms`.
    var name: String {
        let guarantee = contestant.isConsumeOnly ? "none" : (exactlyOnce ? "eos" : "alo")
        let interval = commitMilliseconds == 0 ? "-" : (commitMilliseconds >= 1_000 ? "1s" : "\(commitMilliseconds)ms")
        return "\(broker.rawValue)/\(workload.rawValue)/\(contestant.rawValue)/\(guarantee)/\(interval)"
    }

    /// The scenarios of one broker and workload, raw loops first so every Sluice and peer row has its baseline.
    /// - Parameters:
    ///   - broker: The broker.
    ///   - workload: The input.
    ///   - quick: Commit every 100 ms only; on the project's broker exactly-once rows only (at-least-once runs on
    ///     the mock), so the raw copy loop is left out there.
    static func plan(broker: BrokerKind, workload: WorkloadKind, quick: Bool) -> [Scenario] {
        func make(_ contestant: Contestant, _ exactlyOnce: Bool, _ interval: Int) -> Scenario {
            Scenario(
                contestant: contestant,
                broker: broker,
                workload: workload,
                exactlyOnce: exactlyOnce,
                commitMilliseconds: interval
            )
        }
        let project = broker == .project
        let intervals = quick ? [100] : [100, 1_000]
        let guarantees = project ? (quick ? [true] : [false, true]) : [false]
        var plan = [make(.rawConsume, false, 0)]
        if project { plan.append(make(.pythonConsume, false, 0)) }
        if guarantees.contains(false) { plan += intervals.map { make(.rawCopy, false, $0) } }
        if project { plan.append(make(.rawTransactional, true, 100)) }

        var sluice: [Contestant] =
            workload == .synthetic
            ? [.sluiceMap, .sluiceCountMemory, .sluiceCountRocksDB, .sluiceHourly]
            : [.sluiceFlights, .sluiceFlightsHourly]
        if !project { sluice.removeAll { $0.mockLimitation != nil } }
        for contestant in sluice {
            for exactlyOnce in guarantees {
                plan += intervals.map { make(contestant, exactlyOnce, $0) }
            }
        }
        if project, workload == .synthetic {
            for contestant in [Contestant.quixMap, .quixCount] {
                plan += guarantees.map { make(contestant, $0, 100) }
            }
        }
        return plan
    }

    /// The Quix Streams row a Sluice row is compared with: same broker, workload, guarantee and interval, and
    /// the Quix pipeline of the same shape (map for map, count for either count).
    func quixCounterpart(in results: [ScenarioResult]) -> ScenarioResult? {
        guard contestant.isSluice else { return nil }
        return results.first { result in
            let other = result.scenario
            return other.contestant.quixCounterpart.contains(contestant) && other.broker == broker
                && other.workload == workload && other.exactlyOnce == exactlyOnce
                && other.commitMilliseconds == commitMilliseconds && result.completed
        }
    }

    /// The raw loop a scenario is compared with: for Sluice, the copy loop at the same interval under
    /// at-least-once and the transactional loop (100 ms) under exactly-once; for the consume-only peer, the raw
    /// consume loop.
    func baseline(in results: [ScenarioResult]) -> ScenarioResult? {
        guard !contestant.isRaw else { return nil }
        return results.first { result in
            let other = result.scenario
            guard other.broker == broker, other.workload == workload, result.completed else { return false }
            if contestant.isConsumeOnly { return other.contestant == .rawConsume }
            return exactlyOnce
                ? other.contestant == .rawTransactional
                : other.contestant == .rawCopy && other.commitMilliseconds == commitMilliseconds
        }
    }
}
