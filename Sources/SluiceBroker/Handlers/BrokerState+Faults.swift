/// Responses that carry an injected error instead of doing the request's work.
extension BrokerState {
    /// The response to a request of an API with a top-level error code, answering `errorCode` without
    /// touching any state (Produce, Fetch and OffsetCommit are handled by their handlers, per partition).
    func injectedResponse(_ header: RequestHeader, errorCode: Int16) -> [UInt8] {
        let version = header.apiVersion
        var writer = ByteWriter(capacity: 32)
        switch header.apiKey {
        case .findCoordinator:
            if version >= 1 { writer.int32(0) }
            writer.int16(errorCode)
            if version >= 1 { writer.nullableString("injected fault") }
            writer.int32(-1)
            writer.string("")
            writer.int32(-1)
        case .joinGroup:
            if version >= 2 { writer.int32(0) }
            writer.int16(errorCode)
            writer.int32(-1)
            writer.string("")
            writer.string("")
            writer.string("")
            writer.arrayCount(0)
        case .syncGroup:
            if version >= 1 { writer.int32(0) }
            writer.int16(errorCode)
            writer.bytesField([])
        case .heartbeat, .leaveGroup:
            if version >= 1 { writer.int32(0) }
            writer.int16(errorCode)
        case .initProducerID:
            writer.int32(0)
            writer.int16(errorCode)
            writer.int64(-1)
            writer.int16(-1)
            writer.tags(flexible: header.isFlexible)
        default:
            writer.int32(0)
            writer.int16(errorCode)
        }
        return writer.bytes
    }
}
