export { FakeClock } from './lib/fake-clock.js';
