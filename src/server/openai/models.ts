import type { Backend } from '../../core/backend.js';
import { InvalidInputError } from '../../core/errors.js';

import { CHAT_REASONERS, type ChatReasoner } from '../../reasoners/registry.js';

/** A backend to serve, under the spec string that made it. */
export interface ServedBackend {
  /** The model id clients ask for, e.g. `local` or `openai:gpt-4o-mini`. */
  id: string;
  backend: Backend;
}

/** One model of `/v1/models`: a backend as it is, or a reasoner running on one. */
export type ServedModel =
  | { kind: 'backend'; id: string; backend: Backend }
  | { kind: 'reasoner'; id: string; backend: Backend; reasoner: ChatReasoner };

/**
 * The fixed model list: every backend first, then `<reasoner>+<backend id>`
 * for each chat reasoner and backend. Two backends with one id are an error.
 */
export function servedModels(backends: readonly ServedBackend[]): ServedModel[] {
  const valid = (entry: unknown) =>
    typeof (entry as Partial<ServedBackend> | null)?.id === 'string' &&
    typeof (entry as Partial<ServedBackend>).backend?.generate === 'function';
  if (!Array.isArray(backends) || !backends.every(valid)) {
    throw new InvalidInputError(
      "servedModels takes an array of { id, backend }, e.g. [{ id: 'local', backend }].",
    );
  }
  const seen = new Set<string>();
  for (const { id } of backends) {
    if (seen.has(id)) {
      throw new InvalidInputError(`The backend ${id} is given twice; pass each --backend once.`);
    }
    seen.add(id);
  }

  const plain = backends.map(({ id, backend }): ServedModel => ({ kind: 'backend', id, backend }));
  const reasoned = backends.flatMap(({ id, backend }) =>
    CHAT_REASONERS.map((reasoner): ServedModel => ({
      kind: 'reasoner',
      id: `${reasoner}+${id}`,
      backend,
      reasoner,
    })),
  );
  return [...plain, ...reasoned];
}
