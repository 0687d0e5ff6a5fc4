import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAIHttpServer, startOpenAIServer } from '../support/openai-http-server.js';

const exec = promisify(execFile);
const main = join(import.meta.dirname, '../../src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'stepwise-scale-'));

async function cli(args: string[], cacheDir = join(dir, 'cache')) {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', main, ...args], {
      env: { ...process.env, STEPWISE_CACHE_DIR: cacheDir, NO_COLOR: '1', OPENAI_API_KEY: '' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const lines = (folder: string) =>
  readFileSync(join(folder, 'results.jsonl'), 'utf8').trim().split('\n');
const summary = (folder: string) => JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'));

describe('eval at scale: cache, replay, shards, matrix configs', () => {
  let server: OpenAIHttpServer;
  beforeAll(async () => {
    server = await startOpenAIServer(() => ({ content: 'Following the rules.\nAnswer: A' }));
  });
  afterAll(() => server.close());

  it('re-running into a new folder makes no backend calls; --replay misses fail loudly', async () => {
    const common = ['eval', '--suite', 'deductive', '--limit', '5', '--reasoner', 'direct'];
    const http = ['--backend', 'openai:m', '--base-url', server.baseURL];
    const first = await cli([...common, ...http, '--out', join(dir, 'first')]);
    expect(first.code, first.stderr).toBe(0);
    const calls = server.requests.length;
    expect(calls).toBe(5);

    const again = await cli([...common, ...http, '--out', join(dir, 'again')]);
    expect(again.code).toBe(0);
    expect(server.requests.length).toBe(calls);
    expect(summary(join(dir, 'again')).accuracy).toBe(summary(join(dir, 'first')).accuracy);

    const replay = await cli([...common, ...http, '--replay', '--out', join(dir, 'replay')]);
    expect(replay.code).toBe(0);
    const missing = await cli([
      ...common,
      '--limit',
      '6',
      ...http,
      '--replay',
      '--out',
      join(dir, 'miss'),
    ]);
    expect(server.requests.length).toBe(calls);
    expect(summary(join(dir, 'miss')).errors).toBe(1);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--replay found no cached reply for 1 of 6 items/);
  });

  it('--shard i/n splits a run and merge joins the shards into one result', async () => {
    const base = ['eval', '--suite', 'deductive', '--limit', '7', '--reasoner', 'direct'];
    const http = ['--backend', 'openai:m', '--base-url', server.baseURL];
    for (const index of [1, 2]) {
      const result = await cli([
        ...base,
        ...http,
        '--shard',
        `${index}/2`,
        '--out',
        join(dir, `shard${index}`),
      ]);
      expect(result.code, result.stderr).toBe(0);
    }
    expect(lines(join(dir, 'shard1'))).toHaveLength(4);
    expect(lines(join(dir, 'shard2'))).toHaveLength(3);

    const merged = await cli([
      'merge',
      join(dir, 'shard1'),
      join(dir, 'shard2'),
      '--out',
      join(dir, 'merged'),
    ]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(summary(join(dir, 'merged'))).toMatchObject({ n: 7, expected: 7, complete: true });
    const ids = lines(join(dir, 'merged')).map((line) => JSON.parse(line).id);
    expect(new Set(ids).size).toBe(7);

    const other = await cli([
      ...base,
      ...http,
      '--reasoner',
      'cot',
      '--shard',
      '1/2',
      '--out',
      join(dir, 'other'),
    ]);
    expect(other.code).toBe(0);
    const mismatch = await cli([
      'merge',
      join(dir, 'shard1'),
      join(dir, 'other'),
      '--out',
      join(dir, 'bad'),
    ]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/not a shard of the same run/);
  });

  it('--config runs the whole matrix from a TypeScript file', async () => {
    const config = join(dir, 'matrix.ts');
    writeFileSync(
      config,
      `export default {
        name: 'tiny',
        suites: [{ suite: 'deductive', limit: 3 }],
        reasoners: ['direct', { reasoner: 'self-consistency', params: { samples: 2 }, label: 'sc2' }],
        backends: [{ spec: 'openai:m', baseURL: '${server.baseURL}', rate: 200 }],
      };\n`,
    );
    const out = join(dir, 'matrix');
    const result = await cli(['eval', '--config', config, '--out', out], join(dir, 'matrix-cache'));
    expect(result.code, result.stderr).toBe(0);
    expect(summary(join(out, 'deductive__direct__openai_m')).n).toBe(3);
    expect(summary(join(out, 'deductive__sc2__openai_m')).n).toBe(3);
    expect(result.stdout).toContain('self-consistency');
  });

  it('--epochs reports a mean and a standard error', async () => {
    const result = await cli([
      'eval',
      '--suite',
      'deductive',
      '--limit',
      '3',
      '--reasoner',
      'direct',
      '--epochs',
      '2',
      '--backend',
      'openai:m',
      '--base-url',
      server.baseURL,
      '--out',
      join(dir, 'epochs'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(lines(join(dir, 'epochs'))).toHaveLength(6);
    expect(result.stdout).toMatch(/2 epochs: mean accuracy/);
  });

  it('refuses a scorer that does not fit, incomplete shard sets, and config typos, before running', async () => {
    const http = ['--backend', 'openai:m', '--base-url', server.baseURL];
    const scorer = await cli([
      'eval',
      '--suite',
      'inductive/rules',
      '--limit',
      '2',
      ...http,
      '--scorer',
      'choice',
      '--out',
      join(dir, 'sc'),
    ]);
    expect(scorer.code).toBe(2);
    expect(scorer.stderr).toMatch(/choice scorer judges letter answers/);

    const half = await cli(['merge', join(dir, 'shard1'), '--out', join(dir, 'half')]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/missing 2\/2/);
    const twice = await cli([
      'merge',
      join(dir, 'shard1'),
      join(dir, 'shard1'),
      '--out',
      join(dir, 'twice'),
    ]);
    expect(twice.code).toBe(2);

    const typo = join(dir, 'typo.json');
    writeFileSync(
      typo,
      JSON.stringify({
        suites: [{ suite: 'causal', limt: 2 }],
        reasoners: ['cot'],
        backends: ['local'],
      }),
    );
    const typoRun = await cli(['eval', '--config', typo, '--out', join(dir, 'typo')]);
    expect(typoRun.code).toBe(2);
    expect(typoRun.stderr).toMatch(/limt/);

    const late = join(dir, 'late.json');
    writeFileSync(
      late,
      JSON.stringify({
        suites: ['causal/ladder', 'nope'],
        reasoners: ['cot'],
        backends: ['local'],
      }),
    );
    const lateRun = await cli(['eval', '--config', late, '--out', join(dir, 'late')]);
    expect(lateRun.code).toBe(2);
    expect(lateRun.stderr).toMatch(/Unknown suite "nope"/);
    expect(existsSync(join(dir, 'late'))).toBe(false);

    const field = await cli(['eval', '--data', typo, '--field', 'bogus=x']);
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/names no item field/);
  });
});
