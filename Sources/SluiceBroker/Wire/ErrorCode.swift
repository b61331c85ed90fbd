/// The Kafka error codes this broker answers with.
enum ErrorCode {
    static let none: Int16 = 0
    static let offsetOutOfRange: Int16 = 1
    static let corruptMessage: Int16 = 2
    static let unknownTopicOrPartition: Int16 = 3
    static let invalidFetchSize: Int16 = 4
    static let requestTimedOut: Int16 = 7
    static let messageTooLarge: Int16 = 10
    static let inconsistentGroupProtocol: Int16 = 23
    static let invalidGroupID: Int16 = 24
    static let illegalGeneration: Int16 = 22
    static let unknownMemberID: Int16 = 25
    static let invalidSessionTimeout: Int16 = 26
    static let rebalanceInProgress: Int16 = 27
    static let unsupportedVersion: Int16 = 35
    static let topicAlreadyExists: Int16 = 36
    static let invalidPartitions: Int16 = 37
    static let invalidRequest: Int16 = 42
    static let outOfOrderSequenceNumber: Int16 = 45
    static let invalidProducerEpoch: Int16 = 47
    static let invalidTransactionState: Int16 = 48
    static let invalidProducerIDMapping: Int16 = 49
    static let invalidTransactionTimeout: Int16 = 50
    static let operationNotAttempted: Int16 = 55
    static let kafkaStorageError: Int16 = 56
    static let groupIDNotFound: Int16 = 69
    static let fencedInstanceID: Int16 = 82
    static let unstableOffsetCommit: Int16 = 88
    static let producerFenced: Int16 = 90
}
