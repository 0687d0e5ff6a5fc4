import type { Backend } from '../core/backend.js';
import { InvalidInputError, InvalidSpecError } from '../core/errors.js';
import { checkWholeNumbers, optionsObject } from '../util/check-options.js';
import { type CacheOptions, CachedBackend } from './cache.js';

export type BackendKind = 'openai' | 'local' | 'scripted';

export interface BackendSpec {
  kind: BackendKind;
  /** Everything after the first colon: a model name, path or hub id. */
  argument: string | null;
}

const KINDS: readonly BackendKind[] = ['openai', 'local', 'scripted'];

/** Splits a spec at its first colon: `openai:llama3:8b` is model `llama3:8b`. */
export function parseBackendSpec(spec: string): BackendSpec {
  if (typeof spec !== 'string') {
    throw new InvalidSpecError(
      'A backend spec is a string such as "local" or "openai:gpt-4o-mini", ' +
        `not ${describeValue(spec)}.`,
    );
  }
  const colon = spec.indexOf(':');
  const kind = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const argument = colon < 0 ? null : spec.slice(colon + 1);
  if (!KINDS.includes(kind as BackendKind)) {
    throw new InvalidSpecError(
      `Unknown backend "${spec}"; use local, local:<folder|hub-id>, openai:<model> or scripted:<file>.`,
    );
  }
  if (argument !== null && argument.trim() === '') {
    throw new InvalidSpecError(`The backend spec "${spec}" has nothing after the colon.`);
  }
  if ((kind === 'openai' || kind === 'scripted') && argument === null) {
    const what =
      kind === 'openai' ? 'a model, e.g. openai:gpt-4o-mini' : 'a file, e.g. scripted:replies.json';
    throw new InvalidSpecError(`The ${kind} backend needs ${what}.`);
  }
  return { kind: kind as BackendKind, argument };
}

export interface CreateBackendOptions {
  /** Wrap the backend in the on-disk call cache. Default: false. */
  cache?: boolean | CacheOptions;
  /** Base URL for `openai:` backends. Default: OPENAI_BASE_URL, else OpenAI's. */
  baseURL?: string;
  /** API key for `openai:` backends. Default: OPENAI_API_KEY. */
  apiKey?: string;
  /** Request timeout for HTTP backends in ms. Default: the backend's. */
  timeoutMs?: number;
}

/** Makes a backend from a spec string such as `local` or `openai:gpt-4o-mini`. */
export async function createBackend(
  spec: string,
  options: CreateBackendOptions = {},
): Promise<Backend> {
  const parsed = parseBackendSpec(spec);
  checkCreateOptions(options);
  const backend = await instantiate(parsed, spec, options);
  if (!options.cache) return backend;
  return new CachedBackend(backend, options.cache === true ? {} : options.cache);
}

function checkCreateOptions(options: CreateBackendOptions): void {
  optionsObject('createBackend', options, ['cache', 'baseURL', 'apiKey', 'timeoutMs']);
  checkWholeNumbers('createBackend', { timeoutMs: options.timeoutMs }, 1);
  const { baseURL, apiKey } = options;
  if (baseURL !== undefined && !(typeof baseURL === 'string' && URL.canParse(baseURL))) {
    throw new InvalidInputError(
      'createBackend option baseURL must be a URL such as http://localhost:8000/v1, ' +
        `not ${JSON.stringify(baseURL)}.`,
    );
  }
  if (apiKey !== undefined && typeof apiKey !== 'string') {
    throw new InvalidInputError('createBackend option apiKey must be a string.');
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

async function instantiate(
  spec: BackendSpec,
  text: string,
  options: CreateBackendOptions,
): Promise<Backend> {
  // Imported lazily: transformers.js costs ~150 ms to load, openai less.
  switch (spec.kind) {
    case 'scripted': {
      const { loadScriptedBackend } = await import('./scripted.js');
      return loadScriptedBackend(spec.argument ?? '');
    }
    case 'openai': {
      const { createOpenAIBackend } = await import('./openai.js');
      return createOpenAIBackend({
        model: spec.argument ?? '',
        ...(options.baseURL !== undefined && { baseURL: options.baseURL }),
        ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      });
    }
    case 'local': {
      const { createLocalBackend } = await import('./transformers.js');
      return createLocalBackend({ spec: text });
    }
  }
}
