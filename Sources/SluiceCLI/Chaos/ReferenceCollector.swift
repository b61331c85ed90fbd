import Sluice
import SluiceKafka

/// Collects what a topology outputs for each input in an uninterrupted, in-process run: the reference the crash
/// harness compares the real outputs with.
final class ReferenceCollector: RecordCollector {
    var outputs: [ChaosAudit.Expected] = []

    func send(
        topic: String,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader],
        timestamp: Int64?,
        sourcePartition: Int32
    ) throws {
        outputs.append(ChaosAudit.Expected(topic: topic, key: key, value: value))
    }

    /// Returns and forgets the outputs so far.
    func take() -> [ChaosAudit.Expected] {
        defer { outputs = [] }
        return outputs
    }
}
