import CRdKafka
import Synchronization

/// The Swift side of librdkafka's callbacks for one client instance.
///
/// librdkafka hands this object back through the instance's opaque pointer. The client retains it for the whole
/// life of the C instance and releases it only after `rd_kafka_destroy` has returned, because destroy itself may
/// still fire callbacks. The handlers are set before the instance is created and never change afterwards, which is
/// why the class is `@unchecked Sendable`; the only mutable state is behind atomics and a mutex.
final class RDKafkaCallbacks: @unchecked Sendable {
    typealias RebalanceHandler = (
        _ client: OpaquePointer, _ code: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) -> Void

    var delivery: (@Sendable (DeliveryReport) -> Void)?
    var rebalance: RebalanceHandler?
    var log: (@Sendable (KafkaLogMessage) -> Void)?
    var clientError: (@Sendable (KafkaError) -> Void)?
    var statistics: (@Sendable (String) -> Void)?

    /// Deliveries acknowledged by the cluster since the client started.
    let deliveredCount = Atomic<Int>(0)
    /// Deliveries that failed since the client started.
    let failedCount = Atomic<Int>(0)
    /// The first delivery error not yet taken by ``takeDeliveryError()``.
    private let pendingDeliveryError = Mutex<KafkaError?>(nil)

    func recordDeliveryFailure(_ error: KafkaError) {
        failedCount.add(1, ordering: .relaxed)
        pendingDeliveryError.withLock { pending in
            if pending == nil { pending = error }
        }
    }

    func takeDeliveryError() -> KafkaError? {
        pendingDeliveryError.withLock { pending in
            defer { pending = nil }
            return pending
        }
    }

    /// Installs the C trampolines on a configuration; `self` becomes its opaque.
    func install(on configuration: OpaquePointer, unmanaged: Unmanaged<RDKafkaCallbacks>, isProducer: Bool) {
        rd_kafka_conf_set_opaque(configuration, unmanaged.toOpaque())
        if isProducer {
            rd_kafka_conf_set_dr_msg_cb(configuration, deliveryTrampoline)
        } else {
            rd_kafka_conf_set_rebalance_cb(configuration, rebalanceTrampoline)
        }
        rd_kafka_conf_set_log_cb(configuration, logTrampoline)
        rd_kafka_conf_set_error_cb(configuration, errorTrampoline)
        rd_kafka_conf_set_stats_cb(configuration, statisticsTrampoline)
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbacks? {
        guard let opaque else { return nil }
        // Unretained: the client keeps the object retained until after rd_kafka_destroy returns.
        return Unmanaged<RDKafkaCallbacks>.fromOpaque(opaque).takeUnretainedValue()
    }
}

private let deliveryTrampoline:
    @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _,
        message,
        opaque in
        guard let callbacks = RDKafkaCallbacks.from(opaque), let message else { return }
        let rkmessage = message.pointee
        let error: KafkaError?
        if rkmessage.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            callbacks.deliveredCount.add(1, ordering: .relaxed)
            error = nil
        } else {
            let failure = RDKafkaErrors.error(rkmessage.err)
            callbacks.recordDeliveryFailure(failure)
            error = failure
        }
        guard let handler = callbacks.delivery else { return }
        let topic = rkmessage.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        handler(
            DeliveryReport(topic: topic, partition: rkmessage.partition, offset: rkmessage.offset, error: error)
        )
    }

private let rebalanceTrampoline:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { client, code, partitions, opaque in
        guard let client, let callbacks = RDKafkaCallbacks.from(opaque) else { return }
        if let rebalance = callbacks.rebalance {
            rebalance(client, code, partitions)
        } else {
            RDKafkaRebalance.applyDefault(client: client, code: code, partitions: partitions)
        }
    }

private let logTrampoline:
    @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void =
        { client, level, facility, message in
            guard let client, let callbacks = RDKafkaCallbacks.from(rd_kafka_opaque(client)),
                let handler = callbacks.log
            else { return }
            handler(
                KafkaLogMessage(
                    syslogLevel: Int(level),
                    facility: facility.map { String(cString: $0) } ?? "",
                    message: message.map { String(cString: $0) } ?? ""
                )
            )
        }

private let errorTrampoline:
    @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void =
        { client, code, reason, opaque in
            guard let callbacks = RDKafkaCallbacks.from(opaque), let handler = callbacks.clientError else { return }
            var error = RDKafkaErrors.error(rd_kafka_resp_err_t(code), message: reason.map { String(cString: $0) })
            if code == RD_KAFKA_RESP_ERR__FATAL.rawValue, let client {
                var buffer = [CChar](repeating: 0, count: 512)
                let underlying = rd_kafka_fatal_error(client, &buffer, buffer.count)
                error = KafkaError(
                    code: .init(rawValue: underlying.rawValue),
                    message: buffer.nulTerminatedString,
                    isFatal: true
                )
            }
            handler(error)
        }

private let statisticsTrampoline:
    @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
        _,
        json,
        _,
        opaque in
        if let callbacks = RDKafkaCallbacks.from(opaque), let handler = callbacks.statistics, let json {
            handler(String(cString: json))
        }
        return 0
    }
