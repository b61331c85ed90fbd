import CRdKafka

/// A consumer's group metadata (group id, generation, member id), as a transactional producer sends it with
/// ``KafkaProducer/sendOffsetsToTransaction(_:groupMetadata:timeout:)`` so the coordinator can fence a zombie
/// from an older generation (KIP-447).
///
/// Owns one `rd_kafka_consumer_group_metadata_t`; it is immutable after creation, which is why the class is
/// `@unchecked Sendable`.
public final class KafkaGroupMetadata: @unchecked Sendable {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_consumer_group_metadata_destroy(pointer)
    }
}
