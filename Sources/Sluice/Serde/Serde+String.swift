extension Serde where Value == String {
    /// Text as UTF-8 bytes, as Kafka's Java `StringSerializer` writes it by default.
    ///
    /// Bytes that are not valid UTF-8 throw ``SerdeError/Code/invalidUTF8`` rather than being repaired, so a wrong
    /// serde on a topic shows up at once. A null throws ``SerdeError/Code/nullValue``; use `.optional(.string)` to
    /// accept one.
    @inlinable
    public static var string: Serde<String> {
        Serde(
            serialize: { Array($0.utf8) },
            deserialize: { bytes in
                guard let bytes else { throw SerdeError.null(expecting: String.self) }
                guard let string = String(validating: bytes, as: UTF8.self) else {
                    throw SerdeError(.invalidUTF8, "\(bytes.count) bytes are not valid UTF-8")
                }
                return string
            }
        )
    }
}
