/// The states of a consumer group, named as Kafka's DescribeGroups reports them.
enum GroupPhase: String {
    case empty = "Empty"
    case preparingRebalance = "PreparingRebalance"
    case completingRebalance = "CompletingRebalance"
    case stable = "Stable"
    case dead = "Dead"
}
