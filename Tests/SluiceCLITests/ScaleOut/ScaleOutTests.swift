import Foundation
import SluiceBroker
import Testing

@testable import SluiceCLI

/// Scaling the exactly-once flights job out and in while input flows: worker processes of `sluice run flights`
/// join, leave with SIGTERM and die by SIGKILL on the project's broker, several stream threads share one
/// input, and a static member comes back without a rebalance. Each test ends with `sluice verify` reading
/// `flights-departed` read_committed: every tail number's flight numbers exactly once, in order, no gap.
@Suite("Scaling out and in", .serialized)
struct ScaleOutTests {
    @Test(
        "1 process to 3 while input flows, to 2 by SIGTERM, 3 again, to 2 by SIGKILL: every flight once, in order",
        .timeLimit(.minutes(2))
    )
    func scaleOutAndIn() throws {
        let cluster = try ScaleOutCluster(inputPartitions: 6)
        defer { cluster.tearDown() }
        let started = ContinuousClock.now
        let feeder = cluster.feeder(records: 24_000, planes: 300, duration: .seconds(20))
        let sessionTimeout = "4s"

        let first = try cluster.startWorker(threads: 1, sessionTimeout: sessionTimeout)
        try cluster.waitForStableGroup(members: 1)
        feeder.start()

        // Out: two more processes while the input flows.
        try cluster.wait("3,000 flights written") { feeder.sent >= 3_000 }
        let second = try cluster.startWorker(threads: 1, sessionTimeout: sessionTimeout)
        let third = try cluster.startWorker(threads: 1, sessionTimeout: sessionTimeout)
        try cluster.waitForStableGroup(members: 3)

        // In, gracefully: SIGTERM commits, leaves the group and exits 0; the others rebalance at once.
        try cluster.wait("9,000 flights written") { feeder.sent >= 9_000 }
        second.stop(timeout: .seconds(30))
        let left = ContinuousClock.now
        cluster.expect(second.exitStatus == 0, "the worker stopped by SIGTERM exits 0")
        cluster.expect(
            second.logLines().contains { $0.contains("\"stream thread stopped\"") },
            "the worker stopped by SIGTERM logs a clean stop"
        )
        try cluster.waitForStableGroup(members: 2)
        let rebalanced = ContinuousClock.now - left
        cluster.expect(rebalanced < .seconds(4), "a leaving member is not waited for (\(rebalanced))")

        // Out again, then in by SIGKILL: the dead member is evicted after its session timeout.
        try cluster.wait("12,000 flights written") { feeder.sent >= 12_000 }
        let fourth = try cluster.startWorker(threads: 1, sessionTimeout: sessionTimeout)
        try cluster.waitForStableGroup(members: 3)
        try cluster.wait("15,000 flights written") { feeder.sent >= 15_000 }
        third.kill()
        let killed = ContinuousClock.now
        cluster.expect(feeder.sent < feeder.records, "the input still flows when the worker is killed")
        try cluster.waitForStableGroup(members: 2)
        let evicted = ContinuousClock.now - killed
        cluster.expect(evicted < .seconds(12), "the killed member is evicted after its 4 s session (\(evicted))")

        try cluster.waitUntilDrained(feeder)
        for worker in [first, fourth] {
            worker.stop(timeout: .seconds(30))
            cluster.expect(worker.exitStatus == 0, "worker \(worker.slot) exits 0 after SIGTERM")
        }
        for worker in [first, second, third, fourth] {
            cluster.expect(
                !cluster.assignments(of: worker).everAssigned.isEmpty,
                "worker \(worker.slot) was given partitions"
            )
        }

        try expectEveryFlightOnceInOrder(cluster, feeder)
        let elapsed = ContinuousClock.now - started
        cluster.expect(elapsed < .seconds(60), "the scale test takes at most 60 s (\(elapsed))")
    }

    @Test(
        "2 processes of 3 threads on 12 partitions: every thread gets 2 partitions, every flight once, in order",
        .timeLimit(.minutes(2))
    )
    func threadsInProcesses() throws {
        let cluster = try ScaleOutCluster(inputPartitions: 12)
        defer { cluster.tearDown() }
        let feeder = cluster.feeder(records: 12_000, planes: 240, duration: .seconds(8))

        let first = try cluster.startWorker(threads: 3, sessionTimeout: "6s")
        try cluster.waitForStableGroup(members: 3)
        feeder.start()
        try cluster.wait("2,000 flights written") { feeder.sent >= 2_000 }
        let second = try cluster.startWorker(threads: 3, sessionTimeout: "6s")
        let stable = try cluster.waitForStableGroup(members: 6)

        // Each thread logs what it holds; under the range assignment 12 partitions over 6 threads are 2 each.
        var held: [String: Set<String>] = [:]
        try cluster.wait("the six threads' partitions in the logs") {
            held = [:]
            for worker in [first, second] {
                for (thread, partitions) in cluster.assignments(of: worker).current where !partitions.isEmpty {
                    held["worker \(worker.slot) thread \(thread)"] = partitions
                }
            }
            return held.count == 6 && held.values.map(\.count).reduce(0, +) == 12
        }
        cluster.expect(cluster.group?.generation == stable.generation, "no rebalance while reading the logs")
        cluster.expect(held.values.allSatisfy { $0.count == 2 }, "every thread holds 2 partitions: \(held)")
        let all = Set((0..<12).map { "flights-\($0)" })
        cluster.expect(held.values.reduce(into: Set<String>()) { $0.formUnion($1) } == all, "together all 12")

        try cluster.waitUntilDrained(feeder)
        for worker in [first, second] {
            worker.stop(timeout: .seconds(30))
            cluster.expect(worker.exitStatus == 0, "worker \(worker.slot) exits 0 after SIGTERM")
        }
        try expectEveryFlightOnceInOrder(cluster, feeder)
    }

    @Test(
        "a static member SIGKILLed and restarted within its session gets its partitions back, generation unchanged",
        .timeLimit(.minutes(2))
    )
    func staticMemberRestart() throws {
        let cluster = try ScaleOutCluster(inputPartitions: 6)
        defer { cluster.tearDown() }
        let feeder = cluster.feeder(records: 12_000, planes: 240, duration: .seconds(10))
        let sessionTimeout = "10s"

        // The first to join leads; the test restarts the other, since a returning leader rebalances.
        let first = try cluster.startWorker(threads: 1, sessionTimeout: sessionTimeout, instanceID: "scale-static-0")
        try cluster.waitForStableGroup(members: 1)
        let second = try cluster.startWorker(threads: 1, sessionTimeout: sessionTimeout, instanceID: "scale-static-1")
        let before = try cluster.waitForStableGroup(members: 2)
        let leader = before.members.first { $0.memberID == before.leaderID }
        try #require(leader?.instanceID == "scale-static-0-0", "the first worker leads: \(before)")
        try cluster.wait("the second worker's partitions in its log") {
            cluster.assignments(of: second).current[0]?.isEmpty == false
        }
        let held = cluster.assignments(of: second).current[0] ?? []
        let firstEvents = cluster.assignments(of: first).events

        feeder.start()
        try cluster.wait("3,000 flights written") { feeder.sent >= 3_000 }
        second.kill()
        let killed = ContinuousClock.now
        try second.start()
        try cluster.wait("the restarted worker's partitions in its log", timeout: .seconds(20)) {
            cluster.assignments(of: second).current[0]?.isEmpty == false
        }
        let back = ContinuousClock.now - killed
        cluster.expect(back < .seconds(10), "back within the 10 s session timeout (\(back))")
        cluster.expect(cluster.assignments(of: second).current[0] == held, "the same partitions come back: \(held)")
        cluster.expect(cluster.assignments(of: second).revocations == 0, "the restarted worker saw no rebalance")
        let after = cluster.group
        cluster.expect(
            after?.generation == before.generation,
            "generation \(before.generation) unchanged: \(String(describing: after))"
        )
        cluster.expect(after?.isStable == true, "the group stays stable")
        cluster.expect(
            after?.members.map(\.instanceID) == before.members.map(\.instanceID),
            "the same static members"
        )

        try cluster.waitUntilDrained(feeder)
        cluster.expect(cluster.group?.generation == before.generation, "no rebalance until the input is drained")
        cluster.expect(cluster.assignments(of: first).events == firstEvents, "the other worker saw no rebalance")
        for worker in [first, second] {
            worker.stop(timeout: .seconds(30))
            cluster.expect(worker.exitStatus == 0, "worker \(worker.slot) exits 0 after SIGTERM")
        }
        try expectEveryFlightOnceInOrder(cluster, feeder)
    }

    /// `sluice verify` on `flights-departed`: each tail number's flight numbers 1, 2, 3, ... once each, in
    /// order, none missing; and the provenance headers clean.
    private func expectEveryFlightOnceInOrder(_ cluster: ScaleOutCluster, _ feeder: SequencedFlightFeeder) throws {
        try cluster.waitUntilNoTransactionIsOpen()
        let sequence = try cluster.verifyDeparted(bySequence: true)
        cluster.expect(sequence.records == feeder.records, "every flight written is read back: \(sequence)")
        cluster.expect(sequence.keys == feeder.planes, "every tail number: \(sequence)")
        cluster.expect(sequence.duplicates == 0, "no duplicates: \(sequence)")
        cluster.expect(sequence.gaps == 0, "no gaps: \(sequence)")
        cluster.expect(sequence.orderViolations == 0, "no order violations: \(sequence)")
        cluster.expect(sequence.clean, "verify by sequence is clean: \(sequence)")

        let provenance = try cluster.verifyDeparted(bySequence: false)
        cluster.expect(provenance.records == feeder.records, "\(provenance)")
        cluster.expect(provenance.clean, "verify by provenance is clean: \(provenance)")
    }
}
