import Foundation

/// The OTLP/HTTP JSON encoding of spans (`ExportTraceServiceRequest`).
enum OTLPJSON {
    static func encode(_ spans: [Span], serviceName: String) -> Data {
        let encoded: [[String: Any]] = spans.map { span in
            var object: [String: Any] = [
                "traceId": span.traceID,
                "spanId": span.spanID,
                "name": span.name,
                "kind": 5,  // SPAN_KIND_CONSUMER
                "startTimeUnixNano": String(span.startNanoseconds),
                "endTimeUnixNano": String(span.endNanoseconds),
                "attributes": span.attributes.sorted { $0.key < $1.key }.map { key, value in
                    ["key": key, "value": ["stringValue": value]]
                },
            ]
            if let parent = span.parentSpanID { object["parentSpanId"] = parent }
            return object
        }
        let request: [String: Any] = [
            "resourceSpans": [
                [
                    "resource": ["attributes": [["key": "service.name", "value": ["stringValue": serviceName]]]],
                    "scopeSpans": [["scope": ["name": "sluice"], "spans": encoded]],
                ]
            ]
        ]
        return (try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])) ?? Data()
    }
}
