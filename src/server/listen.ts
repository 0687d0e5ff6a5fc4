import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { InvalidInputError } from '../core/errors.js';

/** A running HTTP server. */
export interface Listening {
  /** Where it answers, e.g. `http://127.0.0.1:7860`. */
  url: string;
  port: number;
  /** Stops accepting connections and ends open ones. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Interface to bind. Default: 127.0.0.1, so nothing off this machine can connect. */
  host?: string;
  /** Port; 0 picks a free one. Default: 0. */
  port?: number;
}

/**
 * Serves a fetch handler (a Hono app's `fetch`) over Node's HTTP server.
 * A port in use or a host that cannot be bound is an InvalidInputError
 * that says what to pass instead.
 */
export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  options: ListenOptions = {},
): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  const requested = options.port ?? 0;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port: requested });
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `Port ${requested} on ${host} is in use; pass --port with another (0 picks a free one).`
          : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
            ? `Cannot bind to ${host}: it is not an address of this machine; pass --host 127.0.0.1.`
            : `Cannot listen on ${host}:${requested}: ${error.message}`;
      reject(new InvalidInputError(reason, { cause: error }));
    });
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Streams held open by clients (SSE) would keep close() waiting.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
  });
}

/** Resolves on the first SIGINT or SIGTERM, for commands that serve until stopped. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
