import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Fault injection: errors, delays, dropped connections and refused connections, for tests of clients'
/// error handling. Also reachable from another process through ``BrokerConfiguration/controlPort``.
extension Broker {
    /// The names of the APIs whose requests ``injectErrors(api:errorCode:count:)`` can fail.
    public static var injectableAPIs: [String] { FaultPlan.injectable.map(\.name).sorted() }

    /// Makes the next `count` requests of an API fail with `errorCode`, without doing their work (a failed
    /// Produce appends nothing, a failed OffsetCommit commits nothing). Produce, Fetch and OffsetCommit answer
    /// the code for every partition; the others (see ``injectableAPIs``) in their top-level error field.
    ///
    /// - Parameters:
    ///   - api: The API's Kafka name ("Produce", "InitProducerId", any case) or its numeric key.
    ///   - errorCode: The Kafka error code to answer (6 is NOT_LEADER_OR_FOLLOWER, say).
    ///   - count: How many requests fail; 0 clears an earlier injection.
    /// - Throws: ``BrokerError`` with code `.invalidArgument` for an unknown or not injectable API or a
    ///   negative count.
    public func injectErrors(api: String, errorCode: Int16, count: Int) throws {
        guard let key = APIKey(named: api), FaultPlan.injectable.contains(key) else {
            let names = Self.injectableAPIs.joined(separator: ", ")
            throw BrokerError(.invalidArgument, "cannot inject errors into \(api); injectable: \(names)")
        }
        guard count >= 0 else { throw BrokerError(.invalidArgument, "count must not be negative") }
        state.withLock {
            state.faults.errors[key] = count > 0 ? FaultPlan.InjectedError(errorCode: errorCode, remaining: count) : nil
        }
        state.log("injecting error \(errorCode) into the next \(count) \(key.name) requests")
    }

    /// Delays every response by `delay` until called again (`.zero` ends the delay).
    public func delayResponses(by delay: Duration) {
        state.withLock { state.faults.responseDelay = max(.zero, delay) }
    }

    /// Closes every client connection now (the control port's connections are kept).
    public func dropAllConnections() {
        let sockets = lifecycleConnections()
        for socket in sockets {
            shutdown(socket, Int32(SHUT_RDWR))
        }
        state.log("dropped \(sockets.count) connections")
    }

    /// Closes every connection accepted during the next `duration`, as a broker that is down would refuse
    /// them; connections already open keep working.
    public func pauseAccepting(for duration: Duration) {
        state.withLock { state.faults.pausedUntil = ContinuousClock.now + duration }
    }

    /// Clears every injected error, delay and pause.
    public func clearFaults() {
        state.withLock { state.faults = FaultPlan() }
    }
}
