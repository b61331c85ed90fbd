import Foundation

extension Serde where Value: Codable & SendableMetatype {
    /// A `Codable` value as JSON, encoded with sorted keys so equal values give equal bytes.
    ///
    /// Bytes the decoder rejects (bad JSON, a missing field, a wrong type) throw ``SerdeError/Code/decodingFailed``
    /// naming the field; a null throws ``SerdeError/Code/nullValue``. Dates use `JSONEncoder`'s default strategy.
    /// - Parameter type: The value's type, such as `Flight.self`.
    /// - Returns: A serde for that type.
    public static func json(_ type: Value.Type = Value.self) -> Serde<Value> {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let decoder = JSONDecoder()
        return Serde(
            serialize: { value in
                do {
                    return Array(try encoder.encode(value))
                } catch {
                    throw SerdeError(.encodingFailed, "cannot encode \(Value.self) as JSON: \(error)")
                }
            },
            deserialize: { bytes in
                guard let bytes else { throw SerdeError.null(expecting: Value.self) }
                do {
                    return try decoder.decode(Value.self, from: Data(bytes))
                } catch let error as DecodingError {
                    throw SerdeError(.decodingFailed, "cannot decode \(Value.self) from JSON: \(explain(error))")
                } catch {
                    throw SerdeError(.decodingFailed, "cannot decode \(Value.self) from JSON: \(error)")
                }
            }
        )
    }
}

/// A one-line account of a decoding error, naming the field it concerns.
private func explain(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty
            ? "top level"
            : codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
                .joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context):
        let parent = context.codingPath.isEmpty ? "" : " in \(path(context.codingPath))"
        return "missing field '\(key.stringValue)'\(parent)"
    case .valueNotFound(_, let context):
        return "null at \(path(context.codingPath))"
    case .typeMismatch(let type, let context):
        return "expected \(type) at \(path(context.codingPath))"
    case .dataCorrupted(let context):
        return "invalid data at \(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}
