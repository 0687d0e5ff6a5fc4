// Smoke test of the packed bin's servers: `stepwise serve` answers the
// OpenAI API on the embedded model, and `stepwise playground` serves its
// page and API. Run from the folder the tarball is installed in.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const bin = './node_modules/.bin/stepwise';

/** Starts a server command and resolves with the first http URL it prints. */
async function start(args) {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${args[0]} printed no URL: ${output}`)),
      60_000,
    );
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited ${code}: ${output}`)));
  });
  return { url, child };
}

async function stop({ child }) {
  child.removeAllListeners('exit');
  child.kill('SIGINT');
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`exited ${code} on SIGINT`);
}

async function json(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

const serve = await start(['serve', '--port', '0']);
const { data } = await json(`${serve.url}/v1/models`);
const ids = data.map((model) => model.id);
if (ids[0] !== 'local' || !ids.includes('cot+local')) throw new Error(`bad model list: ${ids}`);
const reply = await json(`${serve.url}/v1/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    model: 'local',
    max_tokens: 8,
    messages: [{ role: 'user', content: 'Hi' }],
  }),
});
if (reply.object !== 'chat.completion' || !(reply.usage?.completion_tokens > 0)) {
  throw new Error(`bad completion: ${JSON.stringify(reply)}`);
}
await stop(serve);
console.log(`packed serve ok: ${reply.usage.total_tokens} tokens`);

const playground = await start(['playground', '--port', '0']);
const page = await (await fetch(playground.url)).text();
const script = await fetch(`${playground.url}/static/app.js`);
const config = await json(`${playground.url}/api/config`);
if (!page.includes('/static/app.js') || !script.ok || config.backends[0]?.id !== 'local') {
  throw new Error('the packed playground does not serve its page');
}
await stop(playground);
console.log('packed playground ok');
