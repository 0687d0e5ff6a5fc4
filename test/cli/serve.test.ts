import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const main = join(import.meta.dirname, '../../src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'stepwise-serve-'));
const script = join(dir, 'script.json');
writeFileSync(script, JSON.stringify({ default: 'I think so.\nAnswer: yes' }));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function serve(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve', ...args], {
    env: { ...process.env, NO_COLOR: '1', STEPWISE_CACHE_DIR: join(dir, 'cache') },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = once(child, 'exit').then(([code]) => code as number | null);

  /** Resolves with the base URL once the server prints it and its models. */
  const url = new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /^Listening on (http:\/\/\S+) .*\nModels:\n(?:  .*\n)+/m.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', look);
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  // Tests of a server that fails to start never read the URL.
  url.catch(() => undefined);
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe('stepwise serve', () => {
  it('prints its URL and models, serves them, and stops on SIGINT', async () => {
    const server = serve(['--port', '0', '--backend', `scripted:${script}`]);
    const url = await server.url;

    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
    const reply = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: `cot+scripted:${script}`,
        messages: [{ role: 'user', content: 'Is it raining?' }],
      }),
    });
    const completion = (await reply.json()) as { choices: { message: { content: string } }[] };
    server.child.kill('SIGINT');
    const code = await server.exited;

    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const ids = [
      `scripted:${script}`,
      ...['direct', 'cot', 'self-consistency', 'react', 'tot', 'reflexion'].map(
        (name) => `${name}+scripted:${script}`,
      ),
    ];
    expect(models.data.map((model) => model.id)).toEqual(ids);
    expect(server.output().stdout).toBe(
      `Listening on ${url} (OpenAI-compatible; Ctrl-C stops)\nModels:\n${ids.map((id) => `  ${id}\n`).join('')}`,
    );
    expect(completion.choices[0]?.message.content).toBe('yes');
    expect(code).toBe(0);
    expect(server.output().stderr).toBe('');
  });

  it('exits 2 with one line for a bad port or a backend it cannot make', async () => {
    const port = serve(['--port', '70000']);
    const backend = serve(['--port', '0', '--backend', `scripted:${join(dir, 'missing.json')}`]);

    expect(await port.exited).toBe(2);
    expect(port.output().stderr).toBe(
      "stepwise: option '--port <n>' argument '70000' is invalid. --port must be a whole number from 0 to 65535 (0 picks a free one).\n",
    );
    expect(await backend.exited).toBe(2);
    expect(backend.output().stderr).toBe(
      `stepwise: Cannot read the script file ${join(dir, 'missing.json')}; check the path.\n`,
    );
  });
});
