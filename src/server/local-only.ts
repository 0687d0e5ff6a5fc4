import type { Context, MiddlewareHandler } from 'hono';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Whether a host name or address is this machine's loopback. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase());
}

/** The host name of a Host header (`127.0.0.1:7860` -> `127.0.0.1`), or null. */
function hostName(header: string): string | null {
  try {
    return new URL(`http://${header}`).hostname;
  } catch {
    return null;
  }
}

/**
 * Guards a server bound to loopback against web pages: a request must
 * name this machine in its Host header (a page that rebinds its own DNS
 * name to 127.0.0.1 still sends that name), and a browser's Origin, when
 * present, must be this same host. `refuse` makes the 403 in the app's
 * own error shape.
 */
export function loopbackOnly(refuse: (c: Context, message: string) => Response): MiddlewareHandler {
  return async (c, next) => {
    // The URL's host comes from the Host header, or from an absolute request
    // target; both must name this machine.
    const url = new URL(c.req.url);
    const header = c.req.header('host');
    for (const host of [url.host, ...(header === undefined ? [] : [header])]) {
      const name = hostName(host);
      if (name === null || !isLoopback(name)) {
        return refuse(c, `Refused: the host ${host || '(none)'} is not this machine.`);
      }
    }
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let same = false;
      try {
        same = new URL(origin).host === url.host;
      } catch {
        // `null` (sandboxed frames, file: pages) and junk are not this site.
      }
      if (!same) return refuse(c, 'Requests from other sites are refused.');
    }
    await next();
  };
}

/**
 * Whether a request says its body is JSON. Forms and plain text are what a
 * page on another site can send without asking, so the servers take JSON only.
 */
export function sentAsJson(c: Context): boolean {
  return /^application\/json\b/i.test(c.req.header('content-type') ?? '');
}
