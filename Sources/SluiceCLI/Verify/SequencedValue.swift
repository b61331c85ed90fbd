import Foundation

/// The key and sequence number read from a JSON record value, in the sequence mode of `sluice verify`.
struct SequencedValue: Sendable, Equatable {
    /// The key field's value as text: a string as it is, a number as JSON writes it.
    var key: String

    /// The sequence field's integer value.
    var sequence: Int64

    /// Reads the two fields of a JSON object.
    ///
    /// - Parameters:
    ///   - value: The record's value bytes.
    ///   - keyField: The field holding the key: a string or a number.
    ///   - sequenceField: The field holding the sequence: an integer.
    /// - Returns: The key and sequence, or nil when the value is not a JSON object, lacks a field, or holds a
    ///   field of the wrong type.
    init?(_ value: [UInt8]?, keyField: String, sequenceField: String) {
        guard let value,
            let fields = try? JSONDecoder().decode([String: JSONScalar].self, from: Data(value))
        else { return nil }

        switch fields[keyField] {
        case .string(let text): key = text
        case .integer(let number): key = String(number)
        case .number(let number): key = String(number)
        default: return nil
        }
        guard case .integer(let sequence) = fields[sequenceField] else { return nil }
        self.sequence = sequence
    }
}

/// The value of one field of a JSON object, as far as `sluice verify` cares: scalars it can use, and
/// everything else (booleans, null, objects, arrays) as ``other``.
private enum JSONScalar: Decodable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .other
        } else if (try? container.decode(Bool.self)) != nil {
            self = .other
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else {
            // An object or an array: accepted without reading it, so one odd field does not spoil the record.
            self = .other
        }
    }
}
