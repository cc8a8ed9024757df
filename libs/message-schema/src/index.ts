export * from './lib/message-schema.js';
