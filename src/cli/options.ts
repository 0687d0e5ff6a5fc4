import { InvalidArgumentError } from 'commander';

/** Commander parser for integers, with a message that says what to pass. */
export function integer(name: string, min = 0) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${name} must be a whole number of at least ${min}.`);
    }
    return parsed;
  };
}

export function decimal(name: string, min = 0) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${name} must be a number of at least ${min}.`);
    }
    return parsed;
  };
}

/** Parses `--port`: 0 to 65535, where 0 picks a free port. */
export function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new InvalidArgumentError(
      '--port must be a whole number from 0 to 65535 (0 picks a free one).',
    );
  }
  return parsed;
}

/** Collects repeated `--param key=value` flags into an object. */
export function collectParam(
  value: string,
  previous: Record<string, string> = {},
  example = '--param samples=5',
) {
  const equals = value.indexOf('=');
  if (equals <= 0) {
    throw new InvalidArgumentError(`"${value}" is not key=value, e.g. ${example}.`);
  }
  return { ...previous, [value.slice(0, equals).trim()]: value.slice(equals + 1).trim() };
}

/** Accepts one of a fixed set of words. */
export function oneOf<T extends string>(name: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!choices.includes(value as T)) {
      throw new InvalidArgumentError(`${name} must be one of ${choices.join(', ')}.`);
    }
    return value as T;
  };
}

/** Parses `--shard i/n` (1 <= i <= n). */
export function shard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) {
    throw new InvalidArgumentError('--shard must be i/n with 1 <= i <= n, e.g. --shard 2/4.');
  }
  return { index, count };
}
