extension RecordStream {
    /// Sends the stream through a repartition topic, so that each record lands in the partition of its current key
    /// and the operators after it (aggregations, joins) see every record of a key in one task.
    ///
    /// The topic is `<application id>-<name>-repartition`, created at start with the partition count of the topics
    /// it is joined with, or else of the topics upstream of it. Records keep their event time as their
    /// timestamp; watermarks travel beside them (see ``EventTime``). A null key goes to the partition of the record's
    /// source partition.
    /// - Parameters:
    ///   - name: The operation's name; the topic is named after it. Default `repartition-N`.
    ///   - key: The serde for the keys.
    ///   - value: The serde for the values.
    /// - Returns: The stream read back from the topic.
    public func repartition(named name: String? = nil, key: Serde<Key>, value: Serde<Value>) -> RecordStream<Key, Value>
    {
        let base = name ?? "repartition-\(builder.nodes.count)"
        let topic = "\(base)-repartition"
        let sink = addSink(topic, operation: "repartition", named: "\(base)-sink", key: key, value: value)
        builder.markInternal(sink)
        let source = builder.addSource(topic, named: "\(base)-source", key: key, value: value, isInternal: true)
        return RecordStream(builder: builder, node: source)
    }

    /// Repartitions when keys may have changed since the source; otherwise the stream itself.
    func copartitioned(named name: String, key: Serde<Key>, value: Serde<Value>) -> RecordStream<Key, Value> {
        keyChanged ? repartition(named: name, key: key, value: value) : self
    }
}
