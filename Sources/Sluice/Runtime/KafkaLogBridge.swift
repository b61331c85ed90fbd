import SluiceKafka

/// Routes librdkafka's own log lines and client errors into the application's logger at mapped levels.
enum KafkaLogBridge {
    static func handlers(for logger: Logger) -> KafkaClientHandlers {
        KafkaClientHandlers(
            log: { message in
                logger.log(
                    level: Logger.Level(syslogLevel: message.syslogLevel),
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
}
