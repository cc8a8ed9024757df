/**
 * A log4j2 configuration that keeps the broker log small: warnings and errors, plus the line
 * that says the server started. The broker writes it to stdout, which the launcher sends to a
 * file in the broker's temp dir.
 */
export const BROKER_LOG4J2_PROPERTIES = `status = error
name = quix-connectors-test-broker
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.out.ref = STDOUT
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = info
`;
