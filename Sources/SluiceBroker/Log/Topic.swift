/// A topic: its name and partition logs.
final class Topic {
    let name: String
    var partitions: [PartitionLog]

    init(name: String, partitionCount: Int) {
        self.name = name
        self.partitions = (0..<partitionCount).map { _ in PartitionLog() }
    }

    /// The log of `index`, or `nil` if the topic has no such partition.
    func partition(_ index: Int32) -> PartitionLog? {
        index >= 0 && Int(index) < partitions.count ? partitions[Int(index)] : nil
    }
}

extension Topic {
    /// Whether `name` is a legal Kafka topic name.
    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 249, name != ".", name != ".." else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "._-".unicodeScalars.contains($0)
        }
    }
}
