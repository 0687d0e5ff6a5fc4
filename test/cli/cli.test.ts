import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const main = join(import.meta.dirname, '../../src/cli/main.ts');

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', main, ...args], {
      env: { ...process.env, STEPWISE_CACHE_DIR: cacheDir, NO_COLOR: '1', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'stepwise-cli-'));
const cacheDir = join(dir, 'cache');
const script = join(dir, 'script.json');
writeFileSync(
  script,
  JSON.stringify({
    rules: [{ match: 'true or false', reply: 'Following the rules.\nAnswer: A' }],
    default: 'I think so.\nAnswer: yes',
  }),
);

describe('stepwise CLI', () => {
  it('run --json prints one JSON object with answer and typed steps', async () => {
    const result = await cli([
      'run',
      'Is it raining?',
      '--format',
      'yes-no',
      '--backend',
      `scripted:${script}`,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.answer).toBe('yes');
    expect(output.steps.map((step: { type: string }) => step.type)).toEqual(['thought', 'answer']);
  });

  it('run --option gives the task lettered options and answers with a letter', async () => {
    const optionScript = join(dir, 'options.json');
    writeFileSync(
      optionScript,
      JSON.stringify({ rules: [{ match: 'B) False', reply: 'Answer: B' }], default: 'Answer: ?' }),
    );
    const result = await cli([
      'run',
      'Is the following statement true or false? Max is cold.',
      '--option',
      'True',
      '--option',
      'B) False',
      '--backend',
      `scripted:${optionScript}`,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.task).toMatchObject({ options: ['A) True', 'B) False'], format: 'letter' });
    expect(output.answer).toBe('B');
  });

  it('eval writes results, summary and manifest and prints accuracy', async () => {
    const out = join(dir, 'run');
    const result = await cli([
      'eval',
      '--suite',
      'deductive',
      '--backend',
      `scripted:${script}`,
      '--limit',
      '6',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('95% CI');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.n).toBe(6);
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ suite: 'deductive', split: 'test', reasoner: 'cot' });
    expect(manifest.backendIdentity).toMatch(/^scripted\|/);
    expect(Object.keys(manifest.prompts)).toContain('cot.txt');
  });

  it('run --agent logic-solver proves from the context with the prover tool', async () => {
    const agentScript = join(dir, 'agent.json');
    writeFileSync(
      agentScript,
      JSON.stringify([
        'Thought: prove it\nAction: prover\nAction Input: {"goal": "Max is cold."}',
        'Thought: the prover says true\nFinal Answer: True',
      ]),
    );
    const result = await cli([
      'run',
      'Is the following statement true or false? Max is cold.',
      '--context',
      'Every lorpus is a brimpus. Each brimpus is cold. Max is a lorpus.',
      '--agent',
      'logic-solver',
      '--backend',
      `scripted:${agentScript}`,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.answer).toBe('true');
    expect(output.reasoner).toBe('react');
    const observation = output.steps.find((step: { type: string }) => step.type === 'observation');
    expect(observation.text).toMatch(/^true\nProof: Max is a lorpus\./);
  });

  it('list shows suites, reasoners, tools with input schemas, and agents', async () => {
    const result = await cli(['list']);
    expect(result.code).toBe(0);
    for (const name of [
      'deductive/prontoqa',
      'self-consistency',
      'tot',
      'reflexion',
      'prover',
      'logic-solver',
      'game24-solver',
    ]) {
      expect(result.stdout).toContain(name);
    }
    expect(result.stdout).toContain('expression: string');

    const json = JSON.parse((await cli(['list', '--json'])).stdout);
    const prover = json.tools.find((tool: { name: string }) => tool.name === 'prover');
    expect(prover.schema.required).toEqual(['goal']);
  });

  it.each(['deductive', 'inductive', 'causal'])(
    'eval --suite %s runs on the scripted and the local backend',
    async (suite) => {
      for (const backend of [`scripted:${script}`, 'local']) {
        const out = join(dir, `${suite}-${backend.split(':')[0]}`);
        const result = await cli([
          'eval',
          '--suite',
          suite,
          '--limit',
          '4',
          '--max-tokens',
          '8',
          '--backend',
          backend,
          '--out',
          out,
        ]);
        expect(result.code, result.stderr).toBe(0);
        const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
        expect(summary).toMatchObject({ n: 4, errors: 0, complete: true });
        expect(Object.keys(summary.bySuite)).toHaveLength(2);
      }
    },
  );

  it.each([
    [['eval', '--suite', 'deductive', '--bogus'], /unknown option '--bogus'/],
    [['eval', '--data', join(dir, 'missing.json')], /missing\.json/],
    [['run', 'q', '--backend', 'nonsense:x'], /Unknown backend "nonsense:x"/],
    [['run', 'q', '--reasoner', 'magic'], /Unknown reasoner "magic"/],
    [['eval', '--suite', 'nope'], /Unknown suite "nope"/],
    [['eval', '--suite', 'deductive', '--limit', 'ten'], /--limit must be a whole number/],
    [['run', 'q', '--agent', 'nobody'], /Unknown agent "nobody"/],
    [['run', 'q', '--reasoner', 'react', '--tools', 'hammer'], /Unknown tool "hammer"/],
    [['run', 'q', '--reasoner', 'tot', '--param', 'breadth=wide'], /Bad parameter breadth/],
    [
      ['eval', '--config', 'evals/deductive.ts', '--limit', '3'],
      /--limit does not apply with --config: the config file sets .* --config takes only --out and --resume\./,
    ],
    [['eval', '--config', 'evals/deductive.ts', '--no-cache'], /--no-cache does not apply with/],
  ])('bad input %j: one clear line and exit code 2', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a run that fails exits 1, a missing model 2, and an empty dataset 2', async () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '[]');
    const exhausted = join(dir, 'exhausted.json');
    writeFileSync(exhausted, '[]');

    const failed = await cli(['run', 'q', '--backend', `scripted:${exhausted}`, '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).result.error.code).toBe('scripted-exhausted');

    const missing = await cli(['run', 'q', '--backend', 'local:/no/such/model']);
    expect(missing.code).toBe(2);
    // Only the line that says what to fix: no empty answer block before it.
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: No model folder at "\/no\/such\/model"/),
    ]);

    const noItems = await cli(['eval', '--data', empty]);
    expect(noItems.code).toBe(2);
    expect(noItems.stderr).toMatch(/holds no items/);

    const blank = await cli(['run', '   ', '--backend', `scripted:${script}`]);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/question must not be empty/);
  });

  it('a missing API key is bad set-up: one line saying what to set, exit code 2', async () => {
    const noKey = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' };
    for (const args of [
      ['eval', '--suite', 'deductive', '--limit', '2', '--backend', 'openai:gpt-4o'],
      ['run', 'q', '--backend', 'openai:gpt-4o'],
    ]) {
      const result = await cli(args, noKey);
      expect(result.code, args[0]).toBe(2);
      expect(result.stderr).toMatch(/No OpenAI API key: set OPENAI_API_KEY/);
    }
  });

  it('--debug shows the stack', async () => {
    const result = await cli(['run', 'q', '--backend', 'nonsense:x', '--debug']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/at .*spec\.ts/);
  });
});
