/// Validation of Prometheus metric and label names.
enum MetricName {
    /// Whether `name` matches `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func isValidMetricName(_ name: String) -> Bool {
        isValid(name, allowsColon: true)
    }

    /// Whether `name` matches `[a-zA-Z_][a-zA-Z0-9_]*` and does not start with the reserved `__`.
    static func isValidLabelName(_ name: String) -> Bool {
        isValid(name, allowsColon: false) && !name.hasPrefix("__")
    }

    private static func isValid(_ name: String, allowsColon: Bool) -> Bool {
        guard !name.isEmpty else { return false }
        for (position, byte) in name.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                continue
            case UInt8(ascii: ":") where allowsColon:
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9") where position > 0:
                continue
            default:
                return false
            }
        }
        return true
    }
}
