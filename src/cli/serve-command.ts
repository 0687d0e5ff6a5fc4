import type { Command } from 'commander';
import type { Backend } from '../core/backend.js';
import { createBackend } from '../backends/spec.js';
import { createOpenAIApp } from '../server/openai/app.js';
import { servedModels } from '../server/openai/models.js';
import { listen, untilInterrupted } from '../server/listen.js';
import { isLoopback } from '../server/local-only.js';
import { port } from './options.js';

interface ServeFlags {
  port: number;
  host: string;
  backend?: string[];
  baseUrl?: string;
  cache: boolean;
  debug?: boolean;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve backends and reasoners over an OpenAI-compatible HTTP API')
    .option('--port <n>', 'port to listen on; 0 picks a free one', port, 8000)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--backend <spec>',
      'backend to serve, repeatable (default local): local, local:<path|hub-id>, ' +
        'openai:<model>, scripted:<file>',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--base-url <url>', 'base URL for openai: backends (else OPENAI_BASE_URL)')
    .option('--cache', 'reuse cached backend replies', false)
    .action(async (flags: ServeFlags) => {
      const specs = flags.backend ?? ['local'];
      const backends: { id: string; backend: Backend }[] = [];
      try {
        for (const spec of specs) {
          const backend = await createBackend(spec, {
            cache: flags.cache,
            ...(flags.baseUrl && { baseURL: flags.baseUrl }),
          });
          backends.push({ id: spec, backend });

          // A missing model or script fails now, not on the first request.
          await backend.identity();
        }
        const models = servedModels(backends);
        const app = createOpenAIApp({
          models,
          anyHost: !isLoopback(flags.host),
          onError: (error) => {
            const text = flags.debug && error instanceof Error ? error.stack : String(error);
            process.stderr.write(`stepwise serve: internal error: ${text}\n`);
          },
        });
        const server = await listen(app.fetch, { host: flags.host, port: flags.port });

        process.stdout.write(`Listening on ${server.url}/v1 (OpenAI-compatible; Ctrl-C stops)\n`);
        process.stdout.write(`Models:\n${models.map((model) => `  ${model.id}\n`).join('')}`);
        if (!isLoopback(flags.host)) {
          process.stderr.write(
            `stepwise serve: warning: no API key is checked; anyone who can reach ${flags.host} ` +
              'can use these backends.\n',
          );
        }

        await untilInterrupted();
        await server.close();
      } finally {
        await Promise.all(backends.map(({ backend }) => backend.close?.()));
      }
    });
}
