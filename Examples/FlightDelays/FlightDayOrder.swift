/// Puts flights rows in the order the flights job loads them: by day (year, month and day compared as
/// numbers), keeping the file's order within a day.
///
/// The data file sorts months as text (1, 10, 11, 12, 2, …), so in file order a record can be 8,010 hours
/// behind the latest `time_hour` seen before it; in day order it is at most 22 hours behind.
public enum FlightDayOrder {
    /// A row whose year, month or day is not a whole number, or a header without those columns.
    public struct InvalidRow: Error, Sendable, CustomStringConvertible {
        /// What is wrong, in one line.
        public let message: String

        /// The row's position among the rows passed in (0-based), or nil when the header is at fault.
        public let rowIndex: Int?

        /// The message, prefixed with the row's position when there is one.
        public var description: String {
            if let rowIndex {
                return "row \(rowIndex + 1): \(message)"
            }
            return message
        }
    }

    /// Sorts rows by day, stably.
    ///
    /// - Parameters:
    ///   - header: The CSV header; it must have `year`, `month` and `day` columns.
    ///   - rows: The rows after the header, in file order (a `CSVRow` from the CLI's reader, or `[String]`).
    /// - Returns: The same rows in day order; rows of the same day keep their relative order.
    /// - Throws: ``InvalidRow`` when a column is missing or a row's date fields are not whole numbers.
    public static func sorted<Row: RandomAccessCollection>(
        header: [String],
        rows: [Row]
    ) throws -> [Row] where Row.Element == String, Row.Index == Int {
        guard let yearIndex = header.firstIndex(of: "year"), let monthIndex = header.firstIndex(of: "month"),
            let dayIndex = header.firstIndex(of: "day")
        else {
            throw InvalidRow(message: "the header needs year, month and day columns", rowIndex: nil)
        }

        // One bucket of row positions per day, filled in file order, so each bucket keeps the file's order.
        var buckets: [Int: [Int]] = [:]
        for (position, row) in rows.enumerated() {
            guard row.count == header.count, let year = Int(row[yearIndex]), let month = Int(row[monthIndex]),
                let day = Int(row[dayIndex]), (1...12).contains(month), (1...31).contains(day)
            else {
                throw InvalidRow(
                    message: "year, month and day must be whole numbers making a date",
                    rowIndex: position
                )
            }
            buckets[(year * 100 + month) * 100 + day, default: []].append(position)
        }

        var ordered: [Row] = []
        ordered.reserveCapacity(rows.count)
        for day in buckets.keys.sorted() {
            for position in buckets[day]! {
                ordered.append(rows[position])
            }
        }
        return ordered
    }
}
