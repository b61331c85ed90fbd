/// One log line from librdkafka itself, handed to the application's log handler.
public struct KafkaLogMessage: Sendable, Hashable {
    /// librdkafka's syslog level: 0 emergency … 3 error, 4 warning, 5 notice, 6 info, 7 debug.
    public var syslogLevel: Int
    /// librdkafka's facility, such as `FAIL`, `REQTMOUT` or `CGRPSTATE`.
    public var facility: String
    /// The text, which starts with the client instance's name.
    public var message: String

    /// Creates a log message.
    public init(syslogLevel: Int, facility: String, message: String) {
        self.syslogLevel = syslogLevel
        self.facility = facility
        self.message = message
    }
}
