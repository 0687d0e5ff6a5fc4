import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerReportCommand } from '../../../src/cli/report-command.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { writeFakeRun, writeTwoRuns } from './fake-runs.js';

const root = mkdtempSync(join(tmpdir(), 'stepwise-report-cli-'));

async function report(args: string[]): Promise<string> {
  const program = new Command('stepwise').exitOverride();
  registerReportCommand(program);
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['report', ...args], { from: 'user' });
  } finally {
    write.mockRestore();
  }
  return chunks.join('');
}

afterEach(() => vi.restoreAllMocks());

describe('stepwise report', () => {
  it('writes the reports and comparison.json for two runs and prints the comparison', async () => {
    const { a, b } = writeTwoRuns(join(root, 'pair'));
    const out = join(root, 'pair-out');
    const printed = await report([a, b, '--out', out]);

    for (const file of ['report.md', 'report.html', 'comparison.json', 'plots/accuracy.svg']) {
      expect(existsSync(join(out, file))).toBe(true);
    }
    expect(printed).toContain('chain-of-thought · local');
    expect(printed).toContain('50.0%');
    expect(printed).toContain('+30.0 pp');
    expect(printed).toContain('0.0118');
    expect(printed).toContain(join(out, 'comparison.json'));
  });

  it('writes a single run report into the run folder, with no comparison', async () => {
    const dir = join(root, 'single');
    writeFakeRun({
      dir,
      items: 8,
      correct: (index) => index < 6,
      reasoner: 'direct',
      backend: 'local',
    });
    const printed = await report([dir]);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(existsSync(join(dir, 'comparison.json'))).toBe(false);
    expect(printed).toContain('62.5%');
  });

  it('uses a price file', async () => {
    const dir = join(root, 'priced');
    writeFakeRun({
      dir,
      items: 4,
      correct: () => true,
      reasoner: 'direct',
      backend: 'openai:mine',
    });
    const prices = join(root, 'prices.json');
    writeFileSync(prices, JSON.stringify({ mine: { prompt: 1000, completion: 1000 } }));
    await report([dir, '--prices', prices, '--out', join(root, 'priced-out')]);
    // 100 tokens an item at $1000 per 1M: $0.100.
    expect(readFileSync(join(root, 'priced-out', 'report.md'), 'utf8')).toContain('$0.100');
  });

  it('rejects a missing folder, a folder without results and a folder given twice', async () => {
    await expect(report([join(root, 'missing')])).rejects.toThrow(InvalidInputError);
    await expect(report([root])).rejects.toThrow(/has no results\.jsonl/);
    const dir = join(root, 'twice');
    writeFakeRun({ dir, items: 2, correct: () => true, reasoner: 'direct', backend: 'local' });
    await expect(report([dir, `${dir}/`])).rejects.toThrow(/given twice/);
  });
});
