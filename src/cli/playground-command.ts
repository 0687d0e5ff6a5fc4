import type { Command } from 'commander';
import { createBackend } from '../backends/spec.js';
import type { Backend } from '../core/backend.js';
import { untilInterrupted, listen } from '../server/listen.js';
import { isLoopback } from '../server/local-only.js';
import { createPlayground } from '../server/playground/app.js';
import { PLAYGROUND_PORT } from '../server/playground/address.js';
import { EvalTraces } from '../server/playground/eval-traces.js';
import { port } from './options.js';

interface PlaygroundFlags {
  port: number;
  host: string;
  backend: string[];
  baseUrl?: string;
  cache: boolean;
  traces: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerPlaygroundCommand(program: Command): void {
  program
    .command('playground')
    .description('chat with reasoners in the browser and replay traces')
    .option('--port <n>', `port (default ${PLAYGROUND_PORT}; 0 picks a free one)`, port)
    .option('--host <address>', 'interface to bind (default 127.0.0.1: this machine only)')
    .option(
      '--backend <spec>',
      'a backend to offer, repeatable (default local): local, openai:<model>, scripted:<file>',
      collect,
    )
    .option('--base-url <url>', 'base URL for openai: backends (else OPENAI_BASE_URL)')
    .option('--cache', 'reuse cached backend replies', false)
    .option('--traces <dir>', 'an eval output folder whose traces to open, repeatable', collect)
    .action(async (flags: PlaygroundFlags) => {
      const backends = new Map<string, Backend>();
      for (const spec of flags.backend ?? ['local']) {
        if (backends.has(spec)) continue;
        const backend = await createBackend(spec, {
          cache: flags.cache,
          ...(flags.baseUrl && { baseURL: flags.baseUrl }),
        });
        // A missing model or script fails now, not on the first question.
        await backend.identity();
        backends.set(backend.id, backend);
      }
      const evalTraces = flags.traces?.length ? await EvalTraces.open(flags.traces) : null;
      const anyHost = flags.host !== undefined && !isLoopback(flags.host);
      const playground = createPlayground({ backends, evalTraces, anyHost });
      const server = await listen(playground.app.fetch, {
        port: flags.port ?? PLAYGROUND_PORT,
        ...(flags.host && { host: flags.host }),
      });
      process.stdout.write(
        `stepwise playground at ${server.url}\n` +
          `backends: ${[...backends.keys()].join(', ')}` +
          (evalTraces ? `; eval runs: ${evalTraces.names().join(', ')}` : '') +
          '\nPress Ctrl+C to stop.\n',
      );
      if (anyHost) {
        process.stderr.write(
          `stepwise playground: warning: anyone who can reach ${flags.host} can use these backends.\n`,
        );
      }
      await untilInterrupted();
      // Runs end before their backends close, so no model call outlives its session.
      await playground.stopRuns();
      await server.close();
      await Promise.all([...backends.values()].map((backend) => backend.close?.()));
    });
}
