import CRdKafka

/// librdkafka's in-process mock cluster (`rd_kafka_mock_cluster_t`) and the producer instance that hosts it.
final class RDKafkaMockCluster: @unchecked Sendable {
    private let host: RDKafkaClient
    private let cluster: OpaquePointer

    init(brokerCount: Int) throws(KafkaError) {
        host = try RDKafkaClient(kind: .producer, properties: ["log_level": "3"], callbacks: RDKafkaCallbacks())
        guard let cluster = rd_kafka_mock_cluster_new(host.handle, Int32(brokerCount)) else {
            throw KafkaError(code: .state, message: "librdkafka could not start a mock cluster")
        }
        self.cluster = cluster
    }

    func destroy() {
        rd_kafka_mock_cluster_destroy(cluster)
        host.destroy()
    }

    var bootstrapServers: String {
        String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    func createTopic(_ name: String, partitions: Int, replicationFactor: Int) throws(KafkaError) {
        try RDKafkaErrors.check(
            rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        )
    }

    func pushRequestErrors(apiKey: Int16, codes: [Int32]) {
        let errors = codes.map { rd_kafka_resp_err_t($0) }
        errors.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster, apiKey, buffer.count, buffer.baseAddress)
        }
    }

    func clearRequestErrors(apiKey: Int16) {
        rd_kafka_mock_clear_request_errors(cluster, apiKey)
    }

    func setBroker(_ brokerID: Int32, up: Bool) throws(KafkaError) {
        let result =
            up ? rd_kafka_mock_broker_set_up(cluster, brokerID) : rd_kafka_mock_broker_set_down(cluster, brokerID)
        try RDKafkaErrors.check(result)
    }

    func setRoundTripTime(_ brokerID: Int32, milliseconds: Int32) throws(KafkaError) {
        try RDKafkaErrors.check(rd_kafka_mock_broker_set_rtt(cluster, brokerID, milliseconds))
    }
}
