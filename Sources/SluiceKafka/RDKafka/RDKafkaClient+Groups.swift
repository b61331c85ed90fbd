import CRdKafka

extension RDKafkaClient {
    /// Describes one consumer group through `rd_kafka_list_groups`, which asks the brokers with DescribeGroups.
    /// - Returns: The group's state and members; a group no broker knows is reported `Dead` with no members.
    func describeGroup(_ groupID: String, timeout: Duration) throws(KafkaError) -> KafkaGroupDescription {
        try ensureAlive()
        var list: UnsafePointer<rd_kafka_group_list>?
        try RDKafkaErrors.check(rd_kafka_list_groups(handle, groupID, &list, timeout.timeoutMilliseconds))
        guard let list else { return KafkaGroupDescription(groupID: groupID, state: "Dead", members: []) }
        defer { rd_kafka_group_list_destroy(list) }

        for index in 0..<Int(list.pointee.group_cnt) {
            let info = list.pointee.groups[index]
            guard let name = info.group, String(cString: name) == groupID else { continue }
            if info.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw RDKafkaErrors.error(info.err, message: "describing group '\(groupID)'")
            }
            let members = (0..<Int(info.member_cnt)).map { position in
                let member = info.members[position]
                return KafkaGroupDescription.Member(
                    memberID: member.member_id.map { String(cString: $0) } ?? "",
                    clientID: member.client_id.map { String(cString: $0) } ?? "",
                    clientHost: member.client_host.map { String(cString: $0) } ?? ""
                )
            }
            return KafkaGroupDescription(
                groupID: groupID,
                state: info.state.map { String(cString: $0) } ?? "",
                members: members
            )
        }
        return KafkaGroupDescription(groupID: groupID, state: "Dead", members: [])
    }
}
