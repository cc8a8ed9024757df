// kafkajs's table of Kafka protocol errors (not in its public types), read by kafka-logging.ts.
declare module 'kafkajs/src/protocol/error.js' {
  const errors: { errorCodes: { type: string; code: number; retriable: boolean; message: string }[] };
  export default errors;
}
