import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import OpenAI from 'openai';
import { createBackend } from '../src/backends/spec.js';
const child = spawn(process.execPath, [join(import.meta.dirname, 'latency-server.mjs'), '50'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [line] = (await once(child.stdout, 'data')) as [Buffer];
const baseURL = `http://127.0.0.1:${line.toString().trim()}/v1`;
const sdk = new OpenAI({ baseURL, apiKey: 'x' });
const backend = await createBackend('openai:bench', { baseURL, apiKey: 'x' });
async function rate(label: string, call: () => Promise<unknown>, c = 32, n = 640) {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next++ < n) await call();
    }),
  );
  console.log(label, (n / ((performance.now() - t) / 1000)).toFixed(0), 'req/s');
}
for (let r = 0; r < 2; r++) {
  await rate('sdk', () =>
    sdk.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
  );
  await rate('backend', () => backend.generate({ prompt: 'hi' }));
  await rate('fetch', () =>
    fetch(`${baseURL}/chat/completions`, { method: 'POST', body: '{}' }).then((r) => r.json()),
  );
}
child.kill();
