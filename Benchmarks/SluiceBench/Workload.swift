import FlightDelays

/// One input data set, held in memory so every scenario loads the same bytes.
struct Workload: Sendable {
    /// Which data set this is.
    var kind: WorkloadKind
    /// Keys and values in load order; a `nil` key is spread round-robin over the partitions.
    var records: [(key: [UInt8]?, value: [UInt8])]

    /// Records in the data set.
    var count: Int { records.count }

    /// The topic a scenario's input is loaded into.
    var inputTopic: String {
        switch kind {
        case .synthetic: "bench-input"
        case .flights: FlightDelaysTopology.inputTopic
        }
    }

    /// Partitions of the input topic (and of the raw loops' and the map's output topic): 32, or 64 on librdkafka's
    /// mock cluster, which drops a partition's oldest batches past about 5 MiB (1M synthetic records with their
    /// header take about 150 MB, and keys do not spread evenly).
    var inputPartitions: Int { onMockCluster ? 64 : 32 }

    /// Whether the scenarios of this copy run on librdkafka's mock cluster.
    var onMockCluster = false

    /// The topics a contestant writes, with their partition counts.
    func outputTopics(for contestant: Contestant) -> [(name: String, partitions: Int)] {
        switch contestant {
        case .rawConsume, .pythonConsume: []
        case .rawCopy, .rawTransactional, .sluiceMap, .sluiceCountMemory, .sluiceCountRocksDB, .sluiceHourly,
            .quixMap, .quixCount:
            [(BenchTopologies.outputTopic, inputPartitions)]
        case .sluiceFlights:
            [
                (FlightDelaysTopology.cancelledTopic, FlightDelaysTopology.cancelledPartitions),
                (FlightDelaysTopology.departedTopic, FlightDelaysTopology.departedPartitions),
                (FlightDelaysTopology.deadLetterTopic, 1),
            ]
        case .sluiceFlightsHourly:
            [
                (BenchTopologies.hourlyFlightsTopic, BenchTopologies.hourlyFlightsPartitions),
                ("\(contestant.groupID ?? contestant.rawValue)-dlq", 1),
            ]
        }
    }

    /// The record at `index`, the workload repeated as often as needed (the memory scenario loads 5M records
    /// from the 1M synthetic ones).
    func record(at index: Int) -> (key: [UInt8]?, value: [UInt8]) {
        records[index % records.count]
    }

    /// Synthetic records: `count` values of 100 bytes over 10,000 keys (`key-00000` … `key-09999`).
    static func synthetic(count: Int) -> Workload {
        var generator = SplitMix(seed: 42)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        var records: [(key: [UInt8]?, value: [UInt8])] = []
        records.reserveCapacity(count)
        for index in 0..<count {
            let keyNumber = Int(generator.next() % 10_000)
            let digits = String(keyNumber)
            let key = Array(("key-" + String(repeating: "0", count: 5 - digits.count) + digits).utf8)
            var value = [UInt8](repeating: 0, count: 100)
            let seed = generator.next()
            for position in 0..<100 {
                value[position] =
                    alphabet[Int(((seed &>> UInt64(position % 58)) &+ UInt64(position)) % UInt64(alphabet.count))]
            }
            value[0] = UInt8(ascii: "0") + UInt8(index % 10)
            records.append((key, value))
        }
        return Workload(kind: .synthetic, records: records)
    }
}
