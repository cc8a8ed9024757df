export * from './lib/quix-producer.js';
