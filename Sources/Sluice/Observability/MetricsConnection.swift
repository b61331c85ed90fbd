/// One client connection of the metrics server: the bytes read so far, then the response being written.
struct MetricsConnection {
    let fileDescriptor: Int32
    /// When the connection is closed whatever state it is in.
    var deadline: ContinuousClock.Instant
    var received: [UInt8] = []
    /// Set once the request is answered; the connection then only writes.
    var response: [UInt8]?
    var sent = 0

    var isWriting: Bool { response != nil }
}
