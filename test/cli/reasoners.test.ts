import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Trace } from '../../src/core/trace.js';
import { type OpenAIHttpServer, startOpenAIServer } from '../support/openai-http-server.js';

const exec = promisify(execFile);
const main = join(import.meta.dirname, '../../src/cli/main.ts');
const cacheDir = mkdtempSync(join(tmpdir(), 'stepwise-reasoners-'));

async function runJson(args: string[]) {
  const { stdout } = await exec(
    process.execPath,
    ['--import', 'tsx', main, 'run', ...args, '--json'],
    {
      env: {
        ...process.env,
        STEPWISE_CACHE_DIR: cacheDir,
        HF_HUB_OFFLINE: '1',
        OPENAI_API_KEY: '',
      },
      timeout: 60_000,
    },
  );
  const output = JSON.parse(stdout) as Record<string, unknown>;
  return { answer: output.answer, trace: Trace.parse(output) };
}

/** Replies that let every reasoner finish on "What is 2+2?". */
function reply(body: { tools?: unknown[]; messages: { role: string; content: string | null }[] }) {
  const last = body.messages.at(-1)?.content ?? '';
  if (last.includes('Is the proposed answer correct')) return { content: '{"correct": true}' };
  if (/How (sure|likely)|Evaluate|value/i.test(last) && !last.includes('What is 2+2?\n\nLet')) {
    return { content: '{"value": 1}' };
  }
  if (body.tools && !body.messages.some((message) => message.role === 'tool')) {
    return { toolCalls: [{ name: 'calculator', arguments: '{"expression": "2+2"}' }] };
  }
  return { content: 'Two and two make four.\nAnswer: 4' };
}

const REASONERS = ['direct', 'cot', 'self-consistency', 'react', 'tot', 'reflexion'];

/** Small settings so each run on the local model stays short. */
const LOCAL_FLAGS: Record<string, string[]> = {
  direct: [],
  cot: ['--param', 'shots=1'],
  'self-consistency': ['--samples', '2'],
  react: ['--param', 'maxSteps=2'],
  tot: ['--breadth', '1', '--depth', '1'],
  reflexion: ['--trials', '2'],
};

describe('every reasoner from the CLI', () => {
  let server: OpenAIHttpServer;
  beforeAll(async () => {
    server = await startOpenAIServer(reply);
  });
  afterAll(() => server.close());

  it.each(REASONERS)(
    '%s answers over HTTP on the openai backend with a valid trace',
    async (name) => {
      const { answer, trace } = await runJson([
        'What is 2+2?',
        '--format',
        'number',
        '--reasoner',
        name,
        '--backend',
        'openai:test-model',
        '--base-url',
        server.baseURL,
      ]);
      expect(answer).toBe('4');
      expect(trace.reasoner).toBe(name);
      if (name === 'react') {
        const observation = trace.steps.find((step) => step.type === 'observation');
        expect(observation).toMatchObject({ tool: 'calculator', text: '4' });
      }
    },
  );

  it.each(REASONERS)(
    '%s runs on the embedded local model and ends with a valid trace',
    async (name) => {
      const { trace } = await runJson([
        'What is 2+2?',
        '--reasoner',
        name,
        '--max-tokens',
        '12',
        ...(LOCAL_FLAGS[name] ?? []),
      ]);
      expect(trace.result.stopReason).not.toBe('error');
      expect(trace.steps.length).toBeGreaterThan(0);
    },
  );
});
