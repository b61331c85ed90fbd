import CRdKafka

/// A bare librdkafka handle built straight from the C API, for the raw baseline loops.
final class RawClient {
    /// The `rd_kafka_t` handle.
    let handle: OpaquePointer

    /// Creates a producer or consumer from raw properties.
    init(type: rd_kafka_type_t, properties: [String: String]) throws {
        guard let configuration = rd_kafka_conf_new() else { throw BenchError("rd_kafka_conf_new failed") }
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties
        where rd_kafka_conf_set(configuration, key, value, &errorText, errorText.count) != RD_KAFKA_CONF_OK {
            rd_kafka_conf_destroy(configuration)
            throw BenchError("\(key)=\(value): \(Self.text(errorText))")
        }
        guard let handle = rd_kafka_new(type, configuration, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(configuration)
            throw BenchError("rd_kafka_new: \(Self.text(errorText))")
        }
        self.handle = handle
    }

    deinit { rd_kafka_destroy(handle) }

    /// Subscribes a consumer to one topic and routes its events to the consumer queue.
    func subscribe(_ topic: String) throws {
        rd_kafka_poll_set_consumer(handle)
        let list = rd_kafka_topic_partition_list_new(1)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA)
        try Self.check(rd_kafka_subscribe(handle, list), "subscribe")
    }

    /// Throws unless `code` is success.
    static func check(_ code: rd_kafka_resp_err_t, _ what: String) throws {
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw BenchError("\(what): \(String(cString: rd_kafka_err2str(code)))")
        }
    }

    /// Throws the message of a librdkafka error object, destroying it.
    static func check(_ error: OpaquePointer?, _ what: String) throws {
        guard let error else { return }
        let message = String(cString: rd_kafka_error_string(error))
        rd_kafka_error_destroy(error)
        throw BenchError("\(what): \(message)")
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
