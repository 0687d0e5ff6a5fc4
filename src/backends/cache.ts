import { mkdirSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import envPaths from 'env-paths';
import type {
  Backend,
  Choice,
  GenerateRequest,
  GenerateResult,
  StreamEvent,
} from '../core/backend.js';
import { InvalidInputError, StepwiseError } from '../core/errors.js';
import { makeUsage } from '../core/usage.js';
import { sha256, stableStringify } from '../util/hash.js';

export interface CacheOptions {
  /** Folder for cached replies. Default: STEPWISE_CACHE_DIR, else the user cache folder. */
  dir?: string;
  /** `call` asks the backend on a miss; `fail` throws (offline replay). Default: `call`. */
  onMiss?: 'call' | 'fail';
  /** Told when a reply could not be stored; the reply is still returned. Default: ignored. */
  onWriteError?: (error: unknown) => void;
}

/** The cache folder used when none is given. */
export function defaultCacheDir(): string {
  return (
    process.env.STEPWISE_CACHE_DIR || join(envPaths('stepwise', { suffix: '' }).cache, 'calls')
  );
}

interface Entry {
  choice: Choice;
  promptTokens: number;
  completionTokens: number;
  model: string;
}

/**
 * A content-addressed cache of backend calls. Each choice is stored under
 * a key of the backend's identity, the request and its sample index, so
 * k samples stay k different samples.
 */
export class CachedBackend implements Backend {
  readonly id: string;
  readonly capabilities;
  readonly dir: string;
  private readonly onMiss: 'call' | 'fail';
  hits = 0;
  misses = 0;

  /** Replies that could not be written to the cache. */
  writeFailures = 0;
  private readonly onWriteError: ((error: unknown) => void) | undefined;

  constructor(
    private readonly inner: Backend,
    options: CacheOptions = {},
  ) {
    this.id = inner.id;
    this.capabilities = inner.capabilities;
    this.dir = options.dir ?? defaultCacheDir();
    this.onMiss = options.onMiss ?? 'call';
    this.onWriteError = options.onWriteError;

    // Fail before the first (paid) call rather than lose its reply.
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (cause) {
      throw new InvalidInputError(
        `Cannot write the cache folder ${this.dir}; fix STEPWISE_CACHE_DIR or turn the cache off (--no-cache).`,
        { cause },
      );
    }
  }

  identity(): Promise<string> {
    return this.inner.identity();
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const keys = await this.keys(request);
    const found = await this.lookup(keys);
    if (found) return found;

    const result = await this.inner.generate(request);
    await this.store(keys, result);
    return result;
  }

  async *stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    const keys = await this.keys(request);
    const found = await this.lookup(keys);
    if (found) {
      for (const [index, choice] of found.choices.entries()) {
        if (choice.text) yield { type: 'text-delta', choice: index, text: choice.text };
      }
      yield { type: 'finish', result: found };
      return;
    }

    for await (const event of this.inner.stream(request)) {
      if (event.type === 'finish') await this.store(keys, event.result);
      yield event;
    }
  }

  close(): Promise<void> {
    return this.inner.close?.() ?? Promise.resolve();
  }

  // Log-likelihoods are deterministic and cheap next to generation: passed through.
  get loglikelihood() {
    return this.inner.loglikelihood?.bind(this.inner);
  }

  private async keys(request: GenerateRequest): Promise<string[]> {
    const identity = await this.inner.identity();
    const { signal: _signal, n, sample, ...rest } = request;
    const base = stableStringify({ identity, request: rest });
    const first = sample ?? 0;
    const count = n ?? 1;
    return Array.from({ length: count }, (_, index) => sha256(`${base}\u0000${first + index}`));
  }

  private async lookup(keys: string[]): Promise<GenerateResult | undefined> {
    const entries: Entry[] = [];
    for (const key of keys) {
      const entry = await this.read(key);
      if (!entry) break;
      entries.push(entry);
    }

    if (entries.length < keys.length) {
      this.misses++;
      if (this.onMiss === 'fail') {
        throw new StepwiseError(
          'backend-error',
          `Replay found no cached reply for a request to ${this.id}; run once without --replay to fill the cache.`,
        );
      }
      return undefined;
    }

    this.hits++;
    const prompt = entries[0]?.promptTokens ?? 0;
    const completion = entries.reduce((sum, entry) => sum + entry.completionTokens, 0);
    return {
      choices: entries.map((entry) => entry.choice),
      usage: makeUsage(prompt, completion),
      model: entries[0]?.model ?? this.id,
      cached: true,
    };
  }

  private async store(keys: string[], result: GenerateResult): Promise<void> {
    try {
      await this.storeEntries(keys, result);
    } catch (error) {
      // A cache that cannot be written must not cost the reply it was given.
      this.writeFailures++;
      this.onWriteError?.(error);
    }
  }

  private async storeEntries(keys: string[], result: GenerateResult): Promise<void> {
    const share = Math.round(result.usage.completionTokens / Math.max(1, result.choices.length));
    await Promise.all(
      keys.map((key, index) => {
        const choice = result.choices[index];
        if (!choice) return undefined;
        const entry: Entry = {
          choice,
          promptTokens: result.usage.promptTokens,
          completionTokens: share,
          model: result.model,
        };
        return this.write(key, entry);
      }),
    );
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  private async read(key: string): Promise<Entry | undefined> {
    try {
      return JSON.parse(await readFile(this.path(key), 'utf8')) as Entry;
    } catch {
      // A missing or torn entry is a miss; the next store rewrites it.
      return undefined;
    }
  }

  private async write(key: string, entry: Entry): Promise<void> {
    const path = this.path(key);
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });

    // Write then rename, so a reader never sees half an entry.
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, path);
  }
}
