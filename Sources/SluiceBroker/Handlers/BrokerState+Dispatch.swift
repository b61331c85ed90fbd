/// Routes a decoded request to its handler.
extension BrokerState {
    /// The response body for a request, `nil` when none is sent (Produce with acks 0).
    ///
    /// - Throws: `WireError` when the request cannot be decoded or its version is not advertised; the
    ///   connection is then closed.
    func respond(to header: RequestHeader, reader: inout ByteReader) throws -> [UInt8]? {
        if header.apiKey == .apiVersions {
            return apiVersions(header)
        }
        guard header.apiVersion >= 0, header.apiVersion <= header.apiKey.maximumVersion else {
            throw WireError.unsupportedVersion
        }
        let injected = withLock { faults.takeError(for: header.apiKey) }
        if let injected, ![.produce, .fetch, .offsetCommit].contains(header.apiKey) {
            return injectedResponse(header, errorCode: injected)
        }
        switch header.apiKey {
        case .apiVersions: return apiVersions(header)
        case .metadata: return try metadata(header, &reader)
        case .findCoordinator: return try findCoordinator(header, &reader)
        case .produce: return try produce(header, &reader, injected: injected)
        case .fetch: return try fetch(header, &reader, injected: injected)
        case .listOffsets: return try listOffsets(header, &reader)
        case .joinGroup: return try joinGroup(header, &reader)
        case .syncGroup: return try syncGroup(header, &reader)
        case .heartbeat: return try heartbeat(header, &reader)
        case .leaveGroup: return try leaveGroup(header, &reader)
        case .describeGroups: return try describeGroups(header, &reader)
        case .listGroups: return listGroups(header)
        case .offsetCommit: return try offsetCommit(header, &reader, injected: injected)
        case .offsetFetch: return try offsetFetch(header, &reader)
        case .initProducerID: return try initProducerID(header, &reader)
        case .addPartitionsToTxn: return try addPartitionsToTxn(header, &reader)
        case .addOffsetsToTxn: return try addOffsetsToTxn(header, &reader)
        case .endTxn: return try endTxn(header, &reader)
        case .txnOffsetCommit: return try txnOffsetCommit(header, &reader)
        case .createTopics: return try createTopics(header, &reader)
        case .deleteTopics: return try deleteTopics(header, &reader)
        case .deleteRecords: return try deleteRecords(header, &reader)
        case .describeConfigs: return try describeConfigs(header, &reader)
        }
    }

    /// ApiVersions: every key with minimum 0. A version above 3 gets UNSUPPORTED_VERSION with a v0 body,
    /// from which clients learn the highest ApiVersions version.
    func apiVersions(_ header: RequestHeader) -> [UInt8] {
        var writer = ByteWriter(capacity: 256)
        guard header.apiVersion <= APIKey.apiVersions.maximumVersion else {
            writer.int16(ErrorCode.unsupportedVersion)
            writer.array(APIKey.allCases) { writer, key in
                writer.int16(key.rawValue)
                writer.int16(0)
                writer.int16(key.maximumVersion)
            }
            return writer.bytes
        }
        let flexible = header.isFlexible
        writer.int16(ErrorCode.none)
        writer.array(APIKey.allCases, flexible: flexible) { writer, key in
            writer.int16(key.rawValue)
            writer.int16(0)
            writer.int16(key.maximumVersion)
            writer.tags(flexible: flexible)
        }
        if header.apiVersion >= 1 { writer.int32(0) }
        writer.tags(flexible: flexible)
        return writer.bytes
    }

    /// Metadata v0-4: this node as the only broker and the leader of every partition.
    func metadata(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        let version = header.apiVersion
        var requested: [String]?
        if version == 0 {
            let names = try reader.array { try $0.string() }
            requested = names.isEmpty ? nil : names
        } else if let count = try reader.nullableArrayCount() {
            requested = try (0..<count).map { _ in try reader.string() }
        }
        let allowCreate = version >= 4 ? try reader.bool() : true

        return withLock {
            var writer = ByteWriter(capacity: 256)
            if version >= 3 { writer.int32(0) }
            writer.arrayCount(1)
            writer.int32(configuration.nodeID)
            writer.string(configuration.host)
            writer.int32(advertisedPort)
            if version >= 1 { writer.nullableString(nil) }
            if version >= 2 { writer.nullableString("sluice-broker") }
            if version >= 1 { writer.int32(configuration.nodeID) }

            let names = requested ?? topics.keys.sorted()
            writer.arrayCount(names.count)
            for name in names {
                var errorCode = ErrorCode.none
                if topics[name] == nil {
                    if !Topic.isValidName(name) {
                        errorCode = 17
                    } else if configuration.autoCreateTopics && allowCreate {
                        errorCode = createTopicLocked(name, partitions: configuration.defaultPartitions)
                    } else {
                        errorCode = ErrorCode.unknownTopicOrPartition
                    }
                }
                let partitionCount = topics[name]?.partitions.count ?? 0
                writer.int16(errorCode)
                writer.string(name)
                if version >= 1 { writer.bool(false) }
                writer.arrayCount(partitionCount)
                for index in 0..<partitionCount {
                    writer.int16(ErrorCode.none)
                    writer.int32(Int32(index))
                    writer.int32(configuration.nodeID)
                    writer.arrayCount(1)
                    writer.int32(configuration.nodeID)
                    writer.arrayCount(1)
                    writer.int32(configuration.nodeID)
                }
            }
            return writer.bytes
        }
    }

    /// FindCoordinator v0-2: this node coordinates every group and transactional id.
    func findCoordinator(_ header: RequestHeader, _ reader: inout ByteReader) throws -> [UInt8] {
        _ = try reader.string()
        if header.apiVersion >= 1 { _ = try reader.int8() }
        var writer = ByteWriter()
        if header.apiVersion >= 1 { writer.int32(0) }
        writer.int16(ErrorCode.none)
        if header.apiVersion >= 1 { writer.nullableString(nil) }
        writer.int32(configuration.nodeID)
        writer.string(configuration.host)
        writer.int32(withLock { advertisedPort })
        return writer.bytes
    }
}
