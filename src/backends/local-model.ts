import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  ModelFileNotFoundError,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { BackendError, InvalidSpecError, ModelNotFoundError } from '../core/errors.js';
import { packagePath } from '../paths.js';

/** Where a `local` spec's model comes from. */
export type LocalModelSource =
  | { kind: 'embedded'; folder: string; name: string }
  | { kind: 'folder'; folder: string; name: string }
  | { kind: 'hub'; id: string; name: string };

/** A model loaded once and shared by every backend that names it. */
export interface LoadedModel {
  key: string;
  source: LocalModelSource;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  /** Most tokens (prompt plus completion) the model can attend to. */
  contextLength: number;
  eosTokens: Set<number>;
  /** Whether the tokenizer ships a chat template. */
  chat: boolean;
}

const DEFAULT_CONTEXT_LENGTH = 2048;

/**
 * The model `local` runs: trained by the project (scripts/training), shipped
 * in models/. models/tiny-gpt2, random weights, stays for tests of the decode
 * loop itself (`local:tiny-gpt2`).
 */
export const EMBEDDED_MODEL = 'stepwise-1m';

/**
 * Resolves a spec: `local` is the embedded model; `local:<x>` is the folder
 * x when it exists, else a model the package ships under models/x, else
 * the Hugging Face hub id x.
 */
export function resolveLocalModel(spec: string): LocalModelSource {
  if (spec === 'local') {
    return {
      kind: 'embedded',
      folder: packagePath('models', EMBEDDED_MODEL),
      name: EMBEDDED_MODEL,
    };
  }
  const target = spec.startsWith('local:') ? spec.slice('local:'.length) : '';
  if (!target) {
    throw new InvalidSpecError(
      `"${spec}" is not a local model spec. Use "local", "local:<folder>" or "local:<hub id>".`,
    );
  }

  const folder = resolve(target.startsWith('~/') ? join(homedir(), target.slice(2)) : target);
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    return { kind: 'folder', folder, name: target };
  }
  // A bare name of a model the package ships (models/<name>); hub ids have a slash.
  const shipped = packagePath('models', target);
  if (/^[\w.-]+$/.test(target) && existsSync(join(shipped, 'config.json'))) {
    return { kind: 'embedded', folder: shipped, name: target };
  }
  return { kind: 'hub', id: target, name: target };
}

/** True when HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE asks for no downloads. */
export function isOffline(): boolean {
  return [process.env.HF_HUB_OFFLINE, process.env.TRANSFORMERS_OFFLINE].some((value) =>
    ['1', 'true', 'yes', 'on'].includes((value ?? '').toLowerCase()),
  );
}

interface CacheEntry {
  promise: Promise<LoadedModel>;
  holders: number;
}

const models = new Map<string, CacheEntry>();

/** Loads (or reuses) the model a spec names; pair with releaseModel. */
export async function acquireModel(spec: string): Promise<LoadedModel> {
  const source = resolveLocalModel(spec);
  const key = source.kind === 'hub' ? `hub:${source.id}` : source.folder;
  let entry = models.get(key);
  if (!entry) {
    entry = { promise: loadModel(key, source), holders: 0 };
    models.set(key, entry);
  }
  entry.holders++;

  try {
    return await entry.promise;
  } catch (error) {
    // A failed load must not stick: the files may be fixed before the next try.
    if (models.get(key) === entry) models.delete(key);
    throw error;
  }
}

/** Drops one hold on a model; the last one frees its sessions. */
export async function releaseModel(loaded: LoadedModel): Promise<void> {
  const entry = models.get(loaded.key);
  // A model already freed and loaded again is another entry's to count.
  if (!entry || (await entry.promise.catch(() => undefined)) !== loaded) return;
  entry.holders--;
  if (entry.holders > 0) return;
  models.delete(loaded.key);
  await loaded.model.dispose();
}

async function loadModel(key: string, source: LocalModelSource): Promise<LoadedModel> {
  const location = source.kind === 'hub' ? source.id : source.folder;
  if (source.kind === 'hub' && looksLikePath(source.id)) {
    throw new ModelNotFoundError(
      `No model folder at "${resolve(source.id)}". Pass an existing folder holding ` +
        'config.json, tokenizer.json and onnx/model.onnx, or a Hugging Face model id.',
    );
  }

  // transformers.js looks for tokenizer_config.json on the hub even with
  // local_files_only, and crashes on a folder without one: check first.
  const missing = REQUIRED_FILES.filter((file) => !hasFile(source, file));
  if (missing.length > 0 && (source.kind !== 'hub' || isOffline())) {
    throw loadError(source, new ModelFileNotFoundError(`missing ${missing.join(', ')}`));
  }

  // Per-call local_files_only keeps the embedded model off the network without
  // flipping the process-wide env.allowRemoteModels that other loads share.
  const options = { local_files_only: source.kind !== 'hub' || isOffline() };
  let tokenizer: PreTrainedTokenizer;
  let model: PreTrainedModel;
  try {
    [tokenizer, model] = await Promise.all([
      AutoTokenizer.from_pretrained(location, options),
      AutoModelForCausalLM.from_pretrained(location, options),
    ]);
  } catch (error) {
    throw loadError(source, error);
  }

  return {
    key,
    source,
    tokenizer,
    model,
    contextLength: contextLengthOf(model, tokenizer),
    eosTokens: eosTokensOf(model, tokenizer),
    chat: tokenizer.chat_template !== null && tokenizer.chat_template !== undefined,
  };
}

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** Whether a model's file is on disk (for a hub id: transformers.js's cache or local model path). */
function hasFile(source: LocalModelSource, file: string): boolean {
  const folders =
    source.kind === 'hub'
      ? [env.cacheDir, env.localModelPath].map((root) => (root ? join(root, source.id) : undefined))
      : [source.folder];
  return folders.some((folder) => folder !== undefined && existsSync(join(folder, file)));
}

function looksLikePath(target: string): boolean {
  return (
    isAbsolute(target) ||
    /^[.~]/.test(target) ||
    target.includes('\\') ||
    target.split('/').length > 2
  );
}

function loadError(source: LocalModelSource, error: unknown): Error {
  const reason = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  if (!(error instanceof ModelFileNotFoundError)) {
    const hint =
      source.kind === 'hub'
        ? ' Check the network, or set HF_HUB_OFFLINE=1 to use cached models.'
        : '';
    return new BackendError(`Could not load the local model "${source.name}": ${reason}.${hint}`, {
      cause: error,
    });
  }
  if (source.kind === 'embedded') {
    return new ModelNotFoundError(
      `The embedded model at ${source.folder} is incomplete (${reason}). ` +
        'Reinstall stepwise, or rebuild it with `npx tsx scripts/build-model.ts`.',
      { cause: error },
    );
  }
  if (source.kind === 'folder') {
    return new ModelNotFoundError(
      `${source.folder} is not a transformers.js model folder (${reason}). It needs ` +
        'config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx.',
      { cause: error },
    );
  }
  if (isOffline()) {
    return new ModelNotFoundError(
      `Model "${source.id}" is not in the transformers.js cache (${env.cacheDir ?? 'none'}) and ` +
        'offline mode is on (HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE). Download it once with ' +
        'network access and offline mode off, or use local:<folder>.',
      { cause: error },
    );
  }
  return new ModelNotFoundError(
    `Model "${source.id}" was not found on the Hugging Face hub (${reason}). Check the id; ` +
      'it needs ONNX weights (onnx/model.onnx), as the onnx-community models have.',
    { cause: error },
  );
}

function contextLengthOf(model: PreTrainedModel, tokenizer: PreTrainedTokenizer): number {
  const config = model.config as unknown as Record<string, unknown>;
  for (const field of ['n_positions', 'max_position_embeddings', 'n_ctx', 'seq_length']) {
    const value = config[field];
    if (typeof value === 'number' && value > 0) return value;
  }

  // Tokenizers without a limit report a huge sentinel; only a real one counts.
  const limit: unknown = tokenizer.model_max_length;
  return typeof limit === 'number' && limit > 0 && limit < 1e7 ? limit : DEFAULT_CONTEXT_LENGTH;
}

function eosTokensOf(model: PreTrainedModel, tokenizer: PreTrainedTokenizer): Set<number> {
  const config = model.config as unknown as Record<string, unknown>;
  const generation = (model.generation_config ?? {}) as unknown as Record<string, unknown>;
  const ids = [generation.eos_token_id, config.eos_token_id, tokenizer.eos_token_id].flat();
  return new Set(ids.filter((id): id is number => typeof id === 'number'));
}

const identities = new Map<string, Promise<string>>();

/**
 * A sha256 over a model's files, names and contents, so a cache keyed on it
 * misses when the weights change. Documents (`*.md`, such as a model card)
 * are left out: editing them changes no reply. Computed once per folder per
 * process.
 */
export function modelIdentity(source: LocalModelSource): Promise<string> {
  const folder = source.kind === 'hub' ? cachedHubFolder(source.id) : source.folder;
  if (folder === undefined) return Promise.resolve(`hub:${source.name}`);

  let identity = identities.get(folder);
  if (!identity) {
    identity = hashFolder(folder).catch((error: unknown) => {
      identities.delete(folder);
      throw new ModelNotFoundError(`Cannot read the model files in ${folder}.`, { cause: error });
    });
    identities.set(folder, identity);
  }
  return identity;
}

function cachedHubFolder(id: string): string | undefined {
  return [env.cacheDir, env.localModelPath]
    .map((root) => (root ? join(root, id) : undefined))
    .find((folder) => folder !== undefined && existsSync(folder));
}

async function hashFolder(folder: string): Promise<string> {
  const hash = createHash('sha256');
  const names = await readdir(folder, { recursive: true });
  const files: string[] = [];
  for (const name of names) {
    if (!name.endsWith('.md') && statSync(join(folder, name)).isFile()) {
      files.push(name.split(sep).join('/'));
    }
  }
  files.sort();

  for (const file of files) {
    const content = await readFile(join(folder, file));
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
  }
  return `sha256:${hash.digest('hex')}`;
}
