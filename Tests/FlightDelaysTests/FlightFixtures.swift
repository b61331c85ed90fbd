import FlightDelays
import Foundation
import SluiceCLI

/// Reads the CSV fixtures of this target and turns their rows into the JSON objects `sluice load` sends.
enum FlightFixtures {
    /// The path of a file in the `Fixtures` folder.
    static func path(_ name: String) throws -> String {
        guard let root = Bundle.module.resourceURL else {
            throw CocoaError(.fileNoSuchFile)
        }
        return root.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// The header and rows of a fixture.
    static func rows(_ name: String) throws -> (header: [String], rows: [CSVRow]) {
        let reader = try CSVReader(source: try FileByteSource(path: try path(name)))
        return (reader.header, try reader.readAll())
    }

    /// A row as the JSON object of strings the job's pipeline receives.
    static func object(_ row: CSVRow, header: [String]) -> Data {
        Data(CSVObjectEncoder(header: header).encode(row))
    }

    /// The header of the flights data.
    static let header = [
        "year", "month", "day", "dep_time", "sched_dep_time", "dep_delay", "arr_time", "sched_arr_time",
        "arr_delay", "carrier", "flight", "tailnum", "origin", "dest", "air_time", "distance", "hour", "minute",
        "time_hour",
    ]
}
