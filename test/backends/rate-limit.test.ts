import { describe, expect, it } from 'vitest';
import { RateLimitedBackend } from '../../src/backends/rate-limit.js';
import { ScriptedBackend } from '../../src/backends/scripted.js';

describe('RateLimitedBackend', () => {
  it('spaces concurrent request starts 1/rate apart', async () => {
    let clock = 0;
    const waits: number[] = [];
    const backend = new RateLimitedBackend(
      new ScriptedBackend({ script: { rules: [], default: 'x' } }),
      {
        requestsPerSecond: 4,
        now: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    await Promise.all([1, 2, 3, 4].map(() => backend.generate({ prompt: 'p' })));
    expect(waits).toEqual([250, 500, 750]);

    // After a quiet second, the next request starts at once.
    clock = 2000;
    await backend.generate({ prompt: 'p' });
    expect(waits).toHaveLength(3);
  });
});
