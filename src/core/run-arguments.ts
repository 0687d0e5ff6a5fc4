import { InvalidInputError } from './errors.js';
import type { Reasoner, ReasonerOutcome } from './reasoner.js';
import type { RunOptions } from './run.js';

/** Every option of a run, so that a misspelt one is an error, not a silent default. */
const RUN_OPTIONS: readonly (keyof RunOptions)[] = [
  'backend',
  'signal',
  'budget',
  'seed',
  'params',
  'temperature',
  'maxTokens',
  'stream',
  'now',
  'newId',
  'onEvent',
];

/**
 * Checks what solve() and runReasoner() were given, where TypeScript's types
 * may not reach (plain JavaScript). Each failure is an InvalidInputError that
 * says what to pass.
 */
export function checkRunArguments(reasoner: unknown, options: unknown): void {
  const candidate = reasoner as Partial<Reasoner> | null | undefined;
  if (typeof candidate?.run !== 'function' || typeof candidate.name !== 'string') {
    throw new InvalidInputError(
      'The reasoner must be an object with a name and a run method, e.g. new ChainOfThought().',
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidInputError(
      "A run needs options with a backend, e.g. { backend: await createBackend('local') }.",
    );
  }

  const given = options as Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !RUN_OPTIONS.includes(key as never));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      `A run has no option ${unknown.join(', ')}; its options are ${RUN_OPTIONS.join(', ')}.`,
    );
  }
  const backend = given.backend as { generate?: unknown } | undefined;
  if (typeof backend?.generate !== 'function') {
    throw new InvalidInputError(
      "A run needs a backend object, e.g. { backend: await createBackend('local') }; " +
        'createBackend turns a spec string into one.',
    );
  }

  const problems = [
    wrong(
      given.temperature,
      'temperature',
      'a number >= 0',
      (value) => isFinite(value) && value >= 0,
    ),
    wrong(given.maxTokens, 'maxTokens', 'a whole number >= 1', (value) => isWhole(value, 1)),
    wrong(given.seed, 'seed', 'a whole number', (value) => isWhole(value, -Infinity)),
    ...budgetProblems(given.budget),
    typeof given.stream === 'boolean' || given.stream === undefined
      ? undefined
      : 'stream must be true or false',
    given.signal === undefined || given.signal instanceof AbortSignal
      ? undefined
      : 'signal must be an AbortSignal',
    ...(['now', 'newId', 'onEvent'] as const).map((name) =>
      given[name] === undefined || typeof given[name] === 'function'
        ? undefined
        : `${name} must be a function`,
    ),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) {
    throw new InvalidInputError(`Bad run options: ${problems.join('; ')}.`);
  }
}

/**
 * A reasoner's outcome, checked: a custom reasoner that resolves to anything
 * but `{ answer: string | null }` fails the run with a clear error.
 */
export function checkOutcome(reasoner: Reasoner, outcome: unknown): ReasonerOutcome {
  const answer = (outcome as { answer?: unknown } | null | undefined)?.answer;
  if (typeof answer !== 'string' && answer !== null) {
    throw new InvalidInputError(
      `The ${reasoner.name} reasoner's run resolved to ` +
        `${JSON.stringify(outcome) ?? String(outcome)}; ` +
        'it must resolve to { answer: string | null }.',
    );
  }
  return outcome as ReasonerOutcome;
}

function budgetProblems(budget: unknown): (string | undefined)[] {
  if (budget === undefined) return [];
  if (typeof budget !== 'object' || budget === null)
    return ['budget must be { maxCalls, maxTokens }'];
  const { maxCalls, maxTokens } = budget as Record<string, unknown>;
  // Infinity is a way to write the default, no limit.
  const limit = (value: number) => value === Infinity || isWhole(value, 0);
  return [
    wrong(maxCalls, 'budget.maxCalls', 'a whole number >= 0 or Infinity', limit),
    wrong(maxTokens, 'budget.maxTokens', 'a whole number >= 0 or Infinity', limit),
  ];
}

function wrong(
  value: unknown,
  name: string,
  expected: string,
  valid: (value: number) => boolean,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && valid(value)) return undefined;
  // JSON would print Infinity and NaN as null.
  const shown =
    typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return `${name} must be ${expected}, not ${shown}`;
}

function isWhole(value: number, min: number): boolean {
  return Number.isSafeInteger(value) && value >= min;
}
