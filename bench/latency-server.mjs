// An OpenAI-compatible server that answers every chat completion after a
// fixed delay. Run in its own process so its CPU does not count against
// the client being measured. Usage: node latency-server.mjs <latency-ms>
import { createServer } from 'node:http';

const latency = Number(process.argv[2] ?? 50);
const body = JSON.stringify({
  id: 'bench',
  object: 'chat.completion',
  created: 0,
  model: 'bench',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'Answer: A' }, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 20, completion_tokens: 3, total_tokens: 23 },
});

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    }, latency);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
