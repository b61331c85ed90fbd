import SluiceKafka

/// Routes librdkafka's own log lines and client errors into the application's logger at mapped levels.
enum KafkaLogBridge {
    static func handlers(for logger: Logger) -> KafkaClientHandlers {
        KafkaClientHandlers(
            log: { message in
                logger.log(
                    level: level(forSyslog: message.syslogLevel),
                    message.message,
                    metadata: [LogKey.facility: .string(message.facility)]
                )
            },
            error: { error in
                logger.log(
                    level: error.isFatal ? .error : .warning,
                    "kafka client error",
                    metadata: [LogKey.error: .string(error.description)]
                )
            }
        )
    }

    /// librdkafka's syslog levels mapped onto the logger's: 0-3 error, 4 warning, 5 notice, 6 info, 7 debug.
    static func level(forSyslog level: Int) -> Logger.Level {
        switch level {
        case ...3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }
}
