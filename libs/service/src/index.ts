export * from './lib/service.js';
