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

    /// The scenarios of one broker and workload, raw loops first so every Sluice row has its baseline.
    static func plan(broker: BrokerKind, workload: WorkloadKind) -> [Scenario] {
        func make(_ contestant: Contestant, _ exactlyOnce: Bool, _ interval: Int) -> Scenario {
            Scenario(
                contestant: contestant,
                broker: broker,
                workload: workload,
                exactlyOnce: exactlyOnce,
                commitMilliseconds: interval
            )
        }
        let sluice: Contestant = workload == .synthetic ? .sluiceMap : .sluiceFlights
        var plan = [make(.rawConsume, false, 0)]
        if broker == .project { plan.append(make(.pythonConsume, false, 0)) }
        plan += [
            make(.rawCopy, false, 100),
            make(.rawCopy, false, 1_000),
        ]
        if broker == .project { plan.append(make(.rawTransactional, true, 100)) }
        plan += [make(sluice, false, 100), make(sluice, false, 1_000)]
        if broker == .project { plan += [make(sluice, true, 100), make(sluice, true, 1_000)] }
        return plan
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
