/// Laned operators: a step that runs on several threads inside each task, for work that waits (a lookup in
/// another service) rather than computes.
///
/// A task processes its records one at a time, so a step that waits 5 ms caps a partition at 200 records a second
/// whatever the number of cores. With `lanes: N` the operator's closure runs on N threads of the task's own
/// (real OS threads, not Swift's cooperative pool): a key's records go to one lane for as long as it has records
/// there (an idle key goes to the least loaded lane), and each lane runs its records in the order they arrived,
/// so **a key's records are processed, and its outputs written, in offset order**; records of different keys may
/// pass each other. Results are pushed on through the rest of the
/// graph on the task's thread, with their input record's timestamp, headers and provenance, and a commit first
/// waits until every record handed to a lane before it has been delivered, so exactly-once holds as for any other
/// operator: a crash or an abort redoes the records from the last commit, lanes included.
///
/// Costs and limits:
/// - Each task of the operator's sub-topology starts N threads at its first record; they end when the task is
///   closed (its partitions revoked). A process runs tasks × N lane threads per laned operator.
/// - At most N × 32 records per task are in the lanes at once; more blocks the stream thread until one finishes.
///   A commit waits for all of them, so it waits up to 32 calls of the closure.
/// - The closure runs on many threads at once, so it must be safe to call concurrently (it is `@Sendable`), and
///   keys and values cross threads, so they must be `Sendable`; keys must be `Hashable`.
/// - A sub-topology with state stores cannot contain a laned operator (`build()` fails with `invalidLanes`):
///   results arrive after later records have moved event time on, which could close windows before them. Put
///   ``repartition(named:key:value:)`` between the laned step and the stateful one.
/// - A result is delivered when the task's thread next looks: after each record it processes, and at the latest
///   after the consumer's next poll (100 ms when idle) or at the commit.
/// - Outputs of laned records carry the input's `traceparent` header unchanged; no span is recorded for them.
/// - In `TopologyTestDriver`, laned results and their errors arrive while later records are piped, and all of
///   them before outputs are read or `endOfInput()` returns; the errors `pipeInput` returns leave them out.
extension RecordStream where Key: Hashable & Sendable, Value: Sendable {
    /// The most lanes one operator may have.
    public static var maximumLanes: Int { 256 }

    /// Transforms each record's value on `lanes` threads per task, keeping each key's records in order.
    /// - Parameters:
    ///   - name: The node's name; default `map-values-N`.
    ///   - lanes: The number of lanes, 1 to ``maximumLanes``.
    ///   - transform: Returns the new value; called on the lanes' threads, concurrently for different keys.
    /// - Returns: The stream of transformed records.
    public func mapValues<NewValue: Sendable>(
        named name: String? = nil,
        lanes: Int,
        _ transform: @escaping @Sendable (Value) throws -> NewValue
    ) -> RecordStream<Key, NewValue> {
        laned("map-values", named: name, lanes: lanes, changesKey: false) { _, value in
            try transform(value)
        } push: {
            downstream in
            downstream.push
        }
    }

    /// Transforms each record's key and value on `lanes` threads per task, keeping each input key's records in
    /// order. Records are dispatched to lanes by their input key.
    /// - Parameters:
    ///   - name: The node's name; default `map-N`.
    ///   - lanes: The number of lanes, 1 to ``maximumLanes``.
    ///   - transform: Returns the new key and value; called on the lanes' threads, concurrently for different
    ///     keys.
    /// - Returns: The stream of transformed records.
    public func map<NewKey: Sendable, NewValue: Sendable>(
        named name: String? = nil,
        lanes: Int,
        _ transform: @escaping @Sendable (Key, Value) throws -> (NewKey, NewValue)
    ) -> RecordStream<NewKey, NewValue> {
        laned("map", named: name, lanes: lanes, changesKey: true, transform) { downstream in
            let push = downstream.push
            return { _, pair throws(ProcessingError) in try push(pair.0, pair.1) }
        }
    }

    /// Adds a laned node whose closure gives `Output` per record and whose results `push` sends downstream.
    private func laned<Output: Sendable, NewKey, NewValue>(
        _ operation: String,
        named name: String?,
        lanes: Int,
        changesKey: Bool,
        _ transform: @escaping @Sendable (Key, Value) throws -> Output,
        push makePush:
            @escaping @Sendable (Downstream<NewKey, NewValue>) -> (Key, Output) throws(ProcessingError) -> Void
    ) -> RecordStream<NewKey, NewValue> {
        let index = builder.addNode(
            operation: operation,
            named: name,
            role: .processor(operation: operation),
            parents: [node]
        ) { node, instance in
            let stage = LaneStage<Key, Value, Output>(
                name: node.name,
                laneCount: node.lanes,
                context: instance.context,
                transform: transform,
                push: makePush(instance.downstream(of: node.index))
            )
            instance.context.lanes.append(stage)
            return Downstream<Key, Value> { key, value throws(ProcessingError) in
                stage.submit(key, value)
            }
        }
        if lanes < 1 || lanes > Self.maximumLanes {
            builder.record(
                TopologyError(.invalidLanes, "'\(operation)' asks for \(lanes) lanes; give 1 to \(Self.maximumLanes)")
            )
        }
        builder.setLanes(min(max(lanes, 1), Self.maximumLanes), on: index)
        return RecordStream<NewKey, NewValue>(builder: builder, node: index, keyChanged: changesKey || keyChanged)
    }
}
