import Foundation

extension Workload {
    /// The flights CSV inside `zipPath`, extracted with `unzip -p` and encoded the way `sluice load` encodes CSV:
    /// each row a JSON object of its cells as strings in header order, keyed by `tailnum` (`NA` or empty: no key).
    ///
    /// The file has no quoted cells, so rows are split on commas; a row with a quote, a backslash or the wrong
    /// number of cells is refused rather than guessed at.
    /// - Parameters:
    ///   - zipPath: The zip archive holding one CSV file.
    ///   - limit: Keep at most this many rows (`nil`: all).
    static func flights(zipPath: String, limit: Int?) throws -> Workload {
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-p", zipPath]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        unzip.waitUntilExit()
        guard unzip.terminationStatus == 0, !data.isEmpty else {
            throw BenchError("unzip -p \(zipPath) failed with status \(unzip.terminationStatus)")
        }
        let bytes = [UInt8](data)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        guard !lines.isEmpty else { throw BenchError("\(zipPath) holds no CSV header") }
        let header = lines.removeFirst().split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { Array($0.filter { $0 != 0x0D }) }
        guard let keyIndex = header.firstIndex(of: Array("tailnum".utf8)) else {
            throw BenchError("\(zipPath) has no tailnum column")
        }
        var records: [(key: [UInt8]?, value: [UInt8])] = []
        records.reserveCapacity(min(lines.count, limit ?? Int.max))
        for line in lines {
            if let limit, records.count >= limit { break }
            let cells = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                .map { $0.last == 0x0D ? $0.dropLast() : $0 }
            guard cells.count == header.count,
                !line.contains(UInt8(ascii: "\"")), !line.contains(UInt8(ascii: "\\"))
            else {
                throw BenchError("a flights row does not have \(header.count) plain cells")
            }
            var value: [UInt8] = [UInt8(ascii: "{")]
            value.reserveCapacity(line.count + header.count * 16)
            for (index, cell) in cells.enumerated() {
                if index > 0 { value.append(UInt8(ascii: ",")) }
                value.append(UInt8(ascii: "\""))
                value.append(contentsOf: header[index])
                value.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: "\"")])
                value.append(contentsOf: cell)
                value.append(UInt8(ascii: "\""))
            }
            value.append(UInt8(ascii: "}"))
            let keyCell = cells[keyIndex]
            let key: [UInt8]? = keyCell.isEmpty || keyCell.elementsEqual("NA".utf8) ? nil : Array(keyCell)
            records.append((key, value))
        }
        return Workload(kind: .flights, records: records)
    }
}
