/** Where `stepwise playground` listens unless told otherwise; eval reports link here. */
export const PLAYGROUND_PORT = 7860;
export const PLAYGROUND_URL = `http://127.0.0.1:${PLAYGROUND_PORT}`;

/** The playground link that opens one eval item's trace (see EvalTraces). */
export function playgroundTraceLink(base: string, run: string, key: string): string {
  return `${base.replace(/\/+$/, '')}/#trace=${encodeURIComponent(run)}/${encodeURIComponent(key)}`;
}
