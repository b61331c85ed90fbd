import Foundation
import SluiceKafka

/// What a task needs from each laned operator instance, whatever its key and value types.
protocol LaneDelivery: AnyObject {
    /// Pushes the results finished so far downstream, in the order the lanes finished them, and returns how many.
    func deliverFinished(
        beginRecord: (KafkaRecord) -> Void,
        failed: (ProcessingError, KafkaRecord) throws -> Void
    ) throws -> Int
    /// Whether no record is queued, running or finished but not delivered.
    var isIdle: Bool { get }
    /// Blocks until a result is ready to deliver or nothing is in flight any more.
    func waitForResult()
    /// Forgets every record given so far: results of work still running are dropped when it ends.
    func discard()
    /// Ends the lane threads once their queued work has run.
    func close()
}

/// One task's instance of a laned operator: dispatches records to lanes by key, runs the operator's closure on
/// the lanes, and hands the results back to the task's thread, which pushes them downstream.
///
/// A key's records go to one lane for as long as it has records queued or running there, and each lane runs its
/// records in the order given, so a key's results come back in offset order; a key with none in flight goes to
/// the least loaded lane. Results of different keys come back in the order the lanes finish them.
/// At most ``capacity`` records are in the lanes at once; giving more blocks the task's thread until one
/// finishes.
final class LaneStage<Key: Hashable & Sendable, Input: Sendable, Output: Sendable>: LaneDelivery, @unchecked Sendable {
    /// One finished record.
    private struct Finished {
        var key: Key
        var result: Result<Output, any Error>
        var record: KafkaRecord
        var timestamp: Int64?
        var headers: [KafkaHeader]
    }

    private let name: String
    private let lanes: [Lane]
    private let transform: @Sendable (Key, Input) throws -> Output
    private let push: (Key, Output) throws(ProcessingError) -> Void
    private let context: RecordContext
    /// The most records in the lanes at once.
    let capacity: Int
    /// Records each lane may hold: enough to keep it busy, few enough that a commit, which waits for all of them,
    /// waits at most this many calls of the closure.
    static var recordsPerLane: Int { 32 }

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var finished: [Finished] = []
    private var inFlight = 0
    /// Records queued or running per lane.
    private var laneLoad: [Int]
    /// The lane of each key with records queued or running, and how many.
    private var keyLanes: [Key: (lane: Int, records: Int)] = [:]
    /// Bumped by `discard()`: work given in an earlier epoch is dropped when it ends.
    private var epoch = 0

    init(
        name: String,
        laneCount: Int,
        context: RecordContext,
        transform: @escaping @Sendable (Key, Input) throws -> Output,
        push: @escaping (Key, Output) throws(ProcessingError) -> Void
    ) {
        self.name = name
        self.lanes = (0..<laneCount).map { Lane(name: "sluice-lane-\(name)-\($0)") }
        self.transform = transform
        self.push = push
        self.context = context
        self.capacity = laneCount * Self.recordsPerLane
        self.laneLoad = Array(repeating: 0, count: laneCount)
    }

    /// Hands one record to the lane of its key; called on the task's thread with the record's context set.
    func submit(_ key: Key, _ value: Input) {
        guard let record = context.record else { preconditionFailure("\(name) got a record without its context") }
        let timestamp = context.timestamp
        let headers = context.headers
        condition.lock()
        while inFlight >= capacity {
            condition.wait()
        }
        inFlight += 1
        let given = epoch
        // A key stays on its lane while it has records there, so they run in order; an idle key goes to the
        // least loaded lane, which spreads uneven keys better than a fixed hash.
        let lane: Int
        if let bound = keyLanes[key] {
            lane = bound.lane
            keyLanes[key] = (lane, bound.records + 1)
        } else {
            lane = laneLoad.indices.min { laneLoad[$0] < laneLoad[$1] } ?? 0
            keyLanes[key] = (lane, 1)
        }
        laneLoad[lane] += 1
        condition.unlock()

        let transform = self.transform
        lanes[lane].submit { [self] in
            let result = Result { try transform(key, value) }
            condition.lock()
            inFlight -= 1
            laneLoad[lane] -= 1
            if let bound = keyLanes[key] {
                keyLanes[key] = bound.records > 1 ? (lane, bound.records - 1) : nil
            }
            if given == epoch {
                finished.append(
                    Finished(key: key, result: result, record: record, timestamp: timestamp, headers: headers)
                )
            }
            condition.broadcast()
            condition.unlock()
        }
    }

    func deliverFinished(
        beginRecord: (KafkaRecord) -> Void,
        failed: (ProcessingError, KafkaRecord) throws -> Void
    ) throws -> Int {
        condition.lock()
        let ready = finished
        finished.removeAll(keepingCapacity: true)
        condition.unlock()
        for item in ready {
            context.record = item.record
            context.timestamp = item.timestamp
            context.headers = item.headers
            context.partition = item.record.partition
            context.offset = item.record.offset
            beginRecord(item.record)
            switch item.result {
            case .success(let output):
                do {
                    try push(item.key, output)
                } catch {
                    try failed(error, item.record)
                }
            case .failure(let error):
                try failed(ProcessingError(stage: .processing, operatorName: name, underlying: error), item.record)
            }
        }
        return ready.count
    }

    var isIdle: Bool {
        condition.lock()
        defer { condition.unlock() }
        return inFlight == 0 && finished.isEmpty
    }

    func waitForResult() {
        condition.lock()
        while finished.isEmpty && inFlight > 0 {
            condition.wait()
        }
        condition.unlock()
    }

    func discard() {
        condition.lock()
        epoch += 1
        finished.removeAll()
        condition.unlock()
    }

    func close() {
        discard()
        lanes.forEach { $0.close() }
    }
}
