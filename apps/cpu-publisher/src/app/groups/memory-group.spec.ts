import { FakeClock } from '@quix-connectors/timing/testing';
import { memoryGroup, procMeminfo, systeminformationMemory } from './memory-group.js';

let mockSysteminformationLoaded = false;
jest.mock('systeminformation', () => {
  mockSysteminformationLoaded = true;
  return jest.requireActual('systeminformation');
});

describe('the memory group', () => {
  it('loads systeminformation only where it is used (not on Linux, where /proc/meminfo is read): 11 MB of memory otherwise', async () => {
    const access = { clock: new FakeClock(), readText: async () => 'MemTotal: 1000 kB\nMemAvailable: 400 kB\n', statfs: () => Promise.reject(new Error('unused')), warn: () => undefined };
    expect(await memoryGroup(procMeminfo(access))()).toEqual({ memory_total_bytes: 1_024_000, memory_used_bytes: 614_400, memory_available_bytes: 409_600 });
    expect(mockSysteminformationLoaded).toBe(false);
    // the control: elsewhere it is loaded, and answers
    const memory = await memoryGroup(systeminformationMemory)();
    expect(mockSysteminformationLoaded).toBe(true);
    expect(memory['memory_total_bytes']).toBeGreaterThan(0);
  });
});
