import Foundation
import SluiceKafka

/// Renders a record as one JSON object: topic, partition, offset, timestamp, key, value and headers; bytes that
/// are valid UTF-8 print as strings, others as base64 under `*_base64`.
enum RecordPrinter {
    static func json(_ record: KafkaRecord) -> String {
        var object: [String: Any] = [
            "topic": record.topic,
            "partition": Int(record.partition),
            "offset": Int(record.offset),
        ]
        if let timestamp = record.timestamp { object["timestamp"] = Int(timestamp) }
        put(record.key, as: "key", into: &object)
        put(record.value, as: "value", into: &object)
        if !record.headers.isEmpty {
            object["headers"] = record.headers.map { header -> [String: Any] in
                var rendered: [String: Any] = ["key": header.key]
                put(header.value, as: "value", into: &rendered)
                return rendered
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func put(_ bytes: [UInt8]?, as name: String, into object: inout [String: Any]) {
        guard let bytes else {
            object[name] = NSNull()
            return
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            object[name] = text
        } else {
            object[name + "_base64"] = Data(bytes).base64EncodedString()
        }
    }
}
