import Foundation
import Testing

@testable import SluiceCLI

@Suite("The real flights data")
struct FlightsDataTests {
    /// `Data/flights.csv.zip` at the root of the package, found by walking up from this file.
    static func flightsArchive(file: String = #filePath) -> String? {
        var directory = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("Data/flights.csv.zip")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return candidate.path
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    @Test("Data/flights.csv.zip reads as 336,776 records keyed by tailnum with time_hour timestamps")
    func fullFile() throws {
        let path = try #require(Self.flightsArchive())
        let clock = ContinuousClock()
        let started = clock.now

        let reader = try InputRecordReader(path: path, keyField: "tailnum", timestampField: "time_hour")
        #expect(reader.file.fractionRead < 0.1)
        var count = 0
        var nullKeys = 0
        var valueBytes = 0
        var latest: Int64 = .min
        while let record = try reader.next() {
            count += 1
            if record.key == nil {
                nullKeys += 1
            }
            valueBytes += record.value.count
            latest = max(latest, record.timestampMilliseconds ?? .min)
        }
        let elapsed = clock.now - started

        #expect(reader.file.compression == .zip)
        #expect(reader.file.fractionRead == 1)
        #expect(reader.header?.count == 19)
        #expect(count == 336_776)
        #expect(nullKeys == 2_512)
        #expect(latest == 1_388_548_800_000)  // 2014-01-01T04:00:00Z
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "flights.csv.zip: \(count) records, \(valueBytes) value bytes, \(nullKeys) null keys in "
                + "\(String(format: "%.2f", seconds)) s (\(Int(Double(count) / seconds)) records/s)"
        )
    }
}
