/** Error codes that mean the user's input or set-up was wrong (a missing API key included). */
const USAGE_CODES = new Set([
  'backend-auth',
  'invalid-input',
  'invalid-spec',
  'dataset-invalid',
  'model-not-found',
]);

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, as shells report an interrupted command. */
export const EXIT_INTERRUPTED = 130;

/** The exit code for a failure with this stepwise error code. */
export function exitCodeFor(code: string): number {
  return USAGE_CODES.has(code) ? EXIT_USAGE : EXIT_FAILURE;
}
