/// A topic: its name, configuration and partition logs.
final class Topic {
    let name: String
    var partitions: [PartitionLog]
    /// The configuration given to CreateTopics (`retention.ms`, `cleanup.policy` and so on).
    let configs: [String: String]

    init(name: String, partitionCount: Int, configs: [String: String] = [:]) {
        self.name = name
        self.configs = configs
        self.partitions = (0..<partitionCount).map { _ in PartitionLog() }
    }

    /// The log of `index`, or `nil` if the topic has no such partition.
    func partition(_ index: Int32) -> PartitionLog? {
        index >= 0 && Int(index) < partitions.count ? partitions[Int(index)] : nil
    }
}

extension Topic {
    /// The most partitions a topic may have (a spoiled CreateTopics must not create a million directories).
    static let maximumPartitions = 1_000

    /// Whether `name` is a legal Kafka topic name.
    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 249, name != ".", name != ".." else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "._-".unicodeScalars.contains($0)
        }
    }
}
