import type { Backend, Choice, GenerateResult } from '../src/core/backend.js';
import { streamFromGenerate } from '../src/core/backend.js';

/**
 * A zero-latency backend that replies from a fixed cycle, so a benchmark
 * measures the framework and not the script's bookkeeping.
 */
export function cyclingBackend(replies: Choice[], options: { tools?: boolean } = {}): Backend {
  let next = 0;
  const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15 };
  const backend: Backend = {
    id: 'bench',
    capabilities: {
      streaming: true,
      tools: options.tools ?? false,
      logprobs: false,
      n: false,
      seed: false,
      chat: true,
    },
    identity: async () => 'bench',
    async generate(): Promise<GenerateResult> {
      const choice = replies[next++ % replies.length] as Choice;
      return { choices: [choice], usage, model: 'bench' };
    },
    stream: (request) => streamFromGenerate(backend, request),
  };
  return backend;
}

export const text = (value: string): Choice => ({ text: value, finishReason: 'stop' });
