import { describe, expect, it } from 'vitest';
import { measureLangChainAgent } from '../../bench/langchain-agent.js';

describe('measureLangChainAgent', () => {
  it('runs a fake createAgent loop and reports a time per step', async () => {
    const { msPerStep, cpuMsPerStep } = await measureLangChainAgent({
      steps: 3,
      runs: 1,
      warmupRuns: 0,
    });
    expect(msPerStep).toBeGreaterThan(0);
    expect(Number.isFinite(cpuMsPerStep)).toBe(true);
  });
});
