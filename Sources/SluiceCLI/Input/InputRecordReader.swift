/// Reads a whole input file as ``InputRecord``s: CSV or JSON lines, plain, gzip or zip, with an optional key
/// field and timestamp field. This is what `sluice load` streams into a topic.
public final class InputRecordReader {
    /// The opened file: its compression and format.
    public let file: InputFile

    /// The CSV header, or nil for JSON lines.
    public let header: [String]?

    private let csvReader: CSVReader?
    private let csvBuilder: CSVRecordBuilder?
    private let jsonReader: JSONLinesReader?
    private let jsonBuilder: JSONLinesRecordBuilder

    /// Opens a file and, for CSV, reads its header and checks the named fields against it.
    ///
    /// - Parameters:
    ///   - path: The file to read.
    ///   - format: The record format, or nil to guess it from the file name.
    ///   - keyField: The field giving each record's key, or nil for null keys.
    ///   - timestampField: The field giving each record's timestamp, or nil for none.
    /// - Throws: ``InputError`` when the file cannot be opened, or a named field is not in the CSV header.
    public init(path: String, format: InputFormat? = nil, keyField: String?, timestampField: String?) throws {
        let file = try InputFile(path: path)
        self.file = file
        self.jsonBuilder = JSONLinesRecordBuilder(keyField: keyField, timestampField: timestampField)
        switch format ?? file.format {
        case .csv:
            let reader = try CSVReader(source: file.source)
            self.csvReader = reader
            self.csvBuilder = try CSVRecordBuilder(
                header: reader.header,
                keyField: keyField,
                timestampField: timestampField
            )
            self.header = reader.header
            self.jsonReader = nil
        case .jsonLines:
            self.csvReader = nil
            self.csvBuilder = nil
            self.header = nil
            self.jsonReader = JSONLinesReader(source: file.source)
        }
    }

    /// Reads the next record.
    ///
    /// - Returns: The record, or nil at the end of the file.
    /// - Throws: ``InputError`` naming the line for a malformed row or timestamp.
    public func next() throws -> InputRecord? {
        if let csvReader, let csvBuilder {
            guard let row = try csvReader.next() else { return nil }
            return try csvBuilder.record(from: row)
        }
        guard let line = try jsonReader?.next() else { return nil }
        return try jsonBuilder.record(from: line)
    }
}
