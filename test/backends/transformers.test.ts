import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateRequest, StreamEvent } from '../../src/core/backend.js';
import {
  AbortedError,
  ContextLengthError,
  InvalidSpecError,
  ModelNotFoundError,
} from '../../src/core/errors.js';
import { GeneratedText } from '../../src/backends/generated-text.js';
import { renderPrompt } from '../../src/backends/local-prompt.js';
import {
  createLocalBackend,
  resolveLocalModel,
  type LocalBackend,
} from '../../src/backends/transformers.js';
import { EMBEDDED_MODEL } from '../../src/backends/local-model.js';
import { packagePath } from '../../src/paths.js';
import { blockModelDownloads } from '../support/no-network.js';

const TINY_GPT2 = packagePath('models', 'tiny-gpt2');
const PROMPT = 'The capital of France is';

/**
 * Greedy output of the seeded random model (gibberish by design) for PROMPT
 * and 24 tokens; a test below checks it against transformers.js's generate().
 */
const GREEDY =
  '_\ufffd\ufffdX\ufffd of___\ufffd,J\ufffd\ufffdP\ufffd\ufffd\ua700\ufffd\u0003\ufffd I';

// Any request for a file over the network fails the run's no-network check.
const fetched = blockModelDownloads();

let backend: LocalBackend;

beforeAll(async () => {
  backend = createLocalBackend({ spec: 'local:tiny-gpt2' });
  await backend.load();
});

afterAll(async () => {
  await backend.close();
});

async function collect(request: GenerateRequest, target = backend): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of target.stream(request)) events.push(event);
  return events;
}

function streamedText(events: StreamEvent[], choice = 0): string {
  return events
    .map((event) => (event.type === 'text-delta' && event.choice === choice ? event.text : ''))
    .join('');
}

describe('resolveLocalModel', () => {
  it('maps the spec family to the embedded model, folders and hub ids', () => {
    expect(resolveLocalModel('local')).toEqual({
      kind: 'embedded',
      folder: packagePath('models', EMBEDDED_MODEL),
      name: EMBEDDED_MODEL,
    });
    expect(resolveLocalModel(`local:${TINY_GPT2}`)).toMatchObject({
      kind: 'folder',
      folder: TINY_GPT2,
    });
    // A bare name picks a model the package ships, when no folder of that name is here.
    expect(resolveLocalModel('local:tiny-gpt2')).toEqual({
      kind: 'embedded',
      folder: TINY_GPT2,
      name: 'tiny-gpt2',
    });
    expect(resolveLocalModel('local:no-such-model')).toMatchObject({ kind: 'hub' });
    expect(resolveLocalModel('local:onnx-community/gpt2')).toEqual({
      kind: 'hub',
      id: 'onnx-community/gpt2',
      name: 'onnx-community/gpt2',
    });
    expect(() => resolveLocalModel('openai:gpt-4o')).toThrow(InvalidSpecError);
    expect(() => createLocalBackend({ spec: 'local:' })).toThrow(InvalidSpecError);
    expect(() => createLocalBackend({ spec: 'ollama:llama3' })).toThrow(InvalidSpecError);
  });
});

describe('renderPrompt', () => {
  it('is a single user message verbatim, and contents joined by blank lines', () => {
    expect(renderPrompt([{ role: 'user', content: 'Is 7 prime?' }])).toBe('Is 7 prime?');
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'Is 7 prime?' },
      { role: 'assistant' as const, content: 'Yes.' },
    ];
    expect(renderPrompt(messages)).toBe('Be brief.\n\nIs 7 prime?\n\nYes.');
  });
});

describe('LocalBackend with the random-weight tiny-gpt2', () => {
  it('decodes greedily to a known string', async () => {
    const result = await backend.generate({ prompt: PROMPT, maxTokens: 24 });

    expect(result.choices).toEqual([{ text: GREEDY, finishReason: 'length' }]);
    expect(result.usage).toEqual({ promptTokens: 16, completionTokens: 24, totalTokens: 40 });
    expect(result.model).toBe('tiny-gpt2');
  });

  it('matches transformers.js generate() token for token', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(TINY_GPT2, { local_files_only: true });
    const model = await AutoModelForCausalLM.from_pretrained(TINY_GPT2, { local_files_only: true });
    const inputs = tokenizer(PROMPT);
    const output: unknown = await model.generate({
      ...inputs,
      max_new_tokens: 24,
      do_sample: false,
    });
    if (!(output instanceof Tensor)) throw new Error('generate() returned no tensor');

    const tokens = (output.tolist() as bigint[][])[0]?.map(Number) ?? [];
    const generated = tokens.slice(inputs.input_ids.dims[1]);
    expect(generated).toHaveLength(24);
    expect(tokenizer.decode(generated, { skip_special_tokens: true })).toBe(GREEDY);
    await model.dispose();
  });

  it('never returns the prompt as part of the completion', async () => {
    const requests: GenerateRequest[] = [
      { prompt: PROMPT, maxTokens: 40 },
      { prompt: 'a', maxTokens: 5 },
      {
        messages: [
          { role: 'system', content: 'Answer.' },
          { role: 'user', content: 'Hi there' },
        ],
        maxTokens: 30,
      },
      { prompt: PROMPT, maxTokens: 40, temperature: 0.9, seed: 5 },
    ];
    for (const request of requests) {
      const { choices } = await backend.generate(request);
      const prompt = renderPrompt(
        request.messages ?? [{ role: 'user', content: request.prompt ?? '' }],
      );
      expect(choices[0]?.text.startsWith(prompt)).toBe(false);
      expect(choices[0]?.text.includes(prompt)).toBe(false);
    }

    const [tokenizer] = [(await backend.load()).tokenizer];
    const chat = await backend.generate({ messages: requests[2]?.messages, maxTokens: 1 });
    expect(chat.usage.promptTokens).toBe(tokenizer.encode('Answer.\n\nHi there').length);
  });

  it('reproduces seeded samples and varies them across seeds', async () => {
    const request = { prompt: PROMPT, maxTokens: 30, temperature: 1, topP: 0.95 };
    const first = await backend.generate({ ...request, seed: 123 });
    const again = await backend.generate({ ...request, seed: 123 });
    const other = await backend.generate({ ...request, seed: 124 });

    expect(again.choices).toEqual(first.choices);
    expect(other.choices[0]?.text).not.toBe(first.choices[0]?.text);
    expect(first.choices[0]?.text).not.toBe(GREEDY.slice(0, first.choices[0]?.text.length));
  });

  it('returns n choices from one prompt, each seeded on its own', async () => {
    const request = { prompt: PROMPT, maxTokens: 10, temperature: 1, seed: 9 };
    const three = await backend.generate({ ...request, n: 3 });
    const one = await backend.generate(request);

    expect(three.choices).toHaveLength(3);
    expect(new Set(three.choices.map((choice) => choice.text)).size).toBe(3);
    expect(three.choices[0]).toEqual(one.choices[0]);
    // Choice i of a request is its sample i, as the call cache numbers them.
    const third = await backend.generate({ ...request, sample: 2 });
    expect(third.choices[0]).toEqual(three.choices[2]);
    expect(three.usage).toEqual({ promptTokens: 16, completionTokens: 30, totalTokens: 46 });
  });

  it('cuts the text before a stop sequence', async () => {
    const result = await backend.generate({ prompt: PROMPT, maxTokens: 24, stop: ['zzz', ' of'] });

    expect(result.choices[0]).toEqual({
      text: GREEDY.slice(0, GREEDY.indexOf(' of')),
      finishReason: 'stop',
    });
    expect(result.usage.completionTokens).toBeLessThan(24);
  });

  it('rejects a prompt longer than the context with ContextLengthError', async () => {
    const error: unknown = await backend
      .generate({ prompt: 'abc '.repeat(700) })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(ContextLengthError);
    expect(error).toMatchObject({
      promptTokens: 2101,
      contextLength: 2048,
      code: 'context-length',
    });
  });

  it('clamps the completion to the room the context leaves', async () => {
    // 'a' has no merges, so each one is one token.
    const result = await backend.generate({ prompt: 'a'.repeat(2045), maxTokens: 100 });

    expect(result.usage).toEqual({ promptTokens: 2045, completionTokens: 3, totalTokens: 2048 });
    expect(result.choices[0]?.finishReason).toBe('length');
  });

  it('streams deltas that join to the generated text, then one finish', async () => {
    for (const request of [
      { prompt: PROMPT, maxTokens: 24 },
      { prompt: PROMPT, maxTokens: 24, stop: [' of'] },
      { prompt: 'Hello', maxTokens: 40, temperature: 1, seed: 4, n: 2 },
    ]) {
      const events = await collect(request);
      const generated = await backend.generate(request);
      const finish = events.at(-1);

      expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
      expect(finish).toEqual({ type: 'finish', result: generated });
      generated.choices.forEach((choice, index) =>
        expect(streamedText(events, index)).toBe(choice.text),
      );
    }
  });

  it('returns per-token logprobs when asked', async () => {
    const result = await backend.generate({ prompt: PROMPT, maxTokens: 8, logprobs: true });
    const logprobs = result.choices[0]?.logprobs ?? [];

    expect(logprobs).toHaveLength(8);
    for (const { token, logprob } of logprobs) {
      expect(typeof token).toBe('string');
      expect(logprob).toBeLessThanOrEqual(0);
      expect(Number.isFinite(logprob)).toBe(true);
    }
    expect(
      (await backend.generate({ prompt: PROMPT, maxTokens: 2 })).choices[0]?.logprobs,
    ).toBeUndefined();
  });

  it('throws AbortedError for an aborted signal, before or between tokens', async () => {
    const aborted = AbortSignal.abort();
    await expect(backend.generate({ prompt: PROMPT, signal: aborted })).rejects.toBeInstanceOf(
      AbortedError,
    );

    const controller = new AbortController();
    const deltas: string[] = [];
    const run = async () => {
      for await (const event of backend.stream({
        prompt: PROMPT,
        maxTokens: 200,
        signal: controller.signal,
      })) {
        if (event.type === 'text-delta') deltas.push(event.text);
        if (deltas.length === 2) controller.abort();
      }
    };
    await expect(run()).rejects.toBeInstanceOf(AbortedError);
    expect(deltas.length).toBeLessThan(5);
  });

  it('stops calls in progress when closed, before it frees the model, then loads again', async () => {
    const own = createLocalBackend({ spec: 'local:tiny-gpt2' });
    const seen: string[] = [];
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: Error) => error,
      );
    const running = failure(
      (async () => {
        for await (const event of own.stream({ prompt: PROMPT, maxTokens: 400 })) {
          if (event.type === 'text-delta') seen.push(event.text);
        }
      })(),
    );
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    // Started in the same tick as close(): it is stopped before its first continuation.
    const scoring = failure(
      own.loglikelihood({ prompt: PROMPT, continuations: ['a', 'b', 'c', 'd'] }),
    );
    await own.close();
    expect((await running)?.message).toBe('The local backend was closed during the call.');
    expect(await scoring).toBeInstanceOf(AbortedError);
    expect(seen.length).toBeLessThan(400);
    // Closed is not broken: the next call loads the model again.
    expect((await own.generate({ prompt: PROMPT, maxTokens: 24 })).choices[0]?.text).toBe(GREEDY);
    await own.close();
  });

  it('reports capabilities and a cached identity over the model files', async () => {
    expect(backend.capabilities).toEqual({
      streaming: true,
      tools: false,
      logprobs: true,
      n: true,
      seed: true,
      chat: false,
    });
    const identity = await backend.identity();
    expect(identity).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await createLocalBackend({ spec: `local:${TINY_GPT2}` }).identity()).toBe(identity);

    // A copy is the same model; a model card edited in it changes no reply, other weights do.
    const copy = mkdtempSync(join(tmpdir(), 'stepwise-identity-'));
    cpSync(TINY_GPT2, copy, { recursive: true });
    writeFileSync(join(copy, 'README.md'), '# Another model card\n');
    const other = mkdtempSync(join(tmpdir(), 'stepwise-identity-'));
    cpSync(TINY_GPT2, other, { recursive: true });
    const weights = join(other, 'onnx', 'model.onnx');
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    writeFileSync(weights, bytes);
    try {
      expect(await createLocalBackend({ spec: `local:${copy}` }).identity()).toBe(identity);
      expect(await createLocalBackend({ spec: `local:${other}` }).identity()).not.toBe(identity);
    } finally {
      for (const folder of [copy, other]) rmSync(folder, { recursive: true });
    }
  });

  it('shares one loaded model across backends for the same folder', async () => {
    const second = createLocalBackend({ spec: 'local:tiny-gpt2' });
    expect(await second.load()).toBe(await backend.load());
    await second.close();
    expect((await backend.generate({ prompt: PROMPT, maxTokens: 24 })).choices[0]?.text).toBe(
      GREEDY,
    );
  });

  it('never touched the network', () => {
    expect(fetched).toEqual([]);
  });
});

describe('GeneratedText', () => {
  it('streams multi-byte characters split across tokens whole', async () => {
    const { tokenizer } = await backend.load();
    const text = 'héllo wörld 日本語 🙂!';
    const tokens = tokenizer.encode(text);
    const decode = (ids: number[]) => tokenizer.decode(ids, { skip_special_tokens: true });
    // The point of the test: some prefixes end inside a character.
    expect(tokens.some((_, index) => decode(tokens.slice(0, index + 1)).endsWith('\ufffd'))).toBe(
      true,
    );

    const generated = new GeneratedText({ decode });
    const deltas = tokens.map((token) => generated.push(token).delta);
    deltas.push(generated.finish());

    expect(deltas.some((delta) => delta.includes('\ufffd'))).toBe(false);
    expect(deltas.join('')).toBe(text);
    expect(generated.text).toBe(text);
  });

  it('holds back a tail that may become a stop string, and releases it if not', () => {
    const pieces = ['ab', 'c\n', 'd', '\n', 'e'];
    const generated = new GeneratedText({
      decode: (ids) => ids.map((id) => pieces[id]).join(''),
      stop: ['\n\n'],
    });
    const steps = [0, 1, 2, 3].map((token) => generated.push(token));

    expect(steps.map((step) => step.delta)).toEqual(['ab', 'c', '\nd', '']);
    expect(generated.finish()).toBe('\n');
    expect(generated.text).toBe('abc\nd\n');

    const stopped = new GeneratedText({
      decode: (ids) => ids.map((id) => pieces[id]).join(''),
      stop: ['\n\n'],
    });
    [0, 1].forEach((token) => stopped.push(token));
    expect(stopped.push(3)).toEqual({ delta: '', stopped: true });
    expect(stopped.text).toBe('abc');
  });
});

describe('other local models', () => {
  const folders: string[] = [];
  const saved = { offline: process.env.HF_HUB_OFFLINE, cacheDir: env.cacheDir };

  afterEach(() => {
    if (saved.offline === undefined) delete process.env.HF_HUB_OFFLINE;
    else process.env.HF_HUB_OFFLINE = saved.offline;
    env.cacheDir = saved.cacheDir;
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  function copyOfEmbedded(): string {
    const folder = mkdtempSync(join(tmpdir(), 'stepwise-model-'));
    folders.push(folder);
    cpSync(TINY_GPT2, join(folder, 'model'), { recursive: true });
    return join(folder, 'model');
  }

  it('fails fast with ModelNotFoundError offline when a model is not cached', async () => {
    process.env.HF_HUB_OFFLINE = '1';
    for (const spec of ['local:/nonexistent/path', 'local:someone/missing-model']) {
      const started = performance.now();
      const error: unknown = await createLocalBackend({ spec })
        .generate({ prompt: 'x' })
        .catch((caught) => caught);

      expect(error).toBeInstanceOf(ModelNotFoundError);
      expect(performance.now() - started).toBeLessThan(1000);
    }
    const error: unknown = await createLocalBackend({ spec: 'local:someone/missing-model' })
      .generate({ prompt: 'x' })
      .catch((caught) => caught);
    expect(String(error)).toMatch(/offline mode is on/);
    expect(fetched).toEqual([]);
  });

  it('loads a cached hub model offline without the network', async () => {
    const folder = copyOfEmbedded();
    const cache = mkdtempSync(join(tmpdir(), 'stepwise-cache-'));
    folders.push(cache);
    cpSync(folder, join(cache, 'stepwise-test', 'tiny-gpt2'), { recursive: true });
    env.cacheDir = cache;
    process.env.HF_HUB_OFFLINE = '1';

    const hub = createLocalBackend({ spec: 'local:stepwise-test/tiny-gpt2' });
    const result = await hub.generate({ prompt: PROMPT, maxTokens: 24 });
    expect(result.choices[0]?.text).toBe(GREEDY);
    expect(result.model).toBe('stepwise-test/tiny-gpt2');
    expect(await hub.identity()).toBe(await backend.identity());
    expect(fetched).toEqual([]);
    await hub.close();
  });

  it('uses the chat template of a folder whose tokenizer has one', async () => {
    const folder = copyOfEmbedded();
    const configPath = join(folder, 'tokenizer_config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    config.chat_template =
      '{% for m in messages %}<{{ m.role }}>{{ m.content }}\n{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}';
    writeFileSync(configPath, JSON.stringify(config));

    const chat = createLocalBackend({ spec: `local:${folder}` });
    const loaded = await chat.load();
    const result = await chat.generate({ prompt: 'Hi', maxTokens: 4 });

    expect(chat.capabilities.chat).toBe(true);
    expect(result.usage.promptTokens).toBe(loaded.tokenizer.encode('<user>Hi\n<assistant>').length);
    expect(await chat.identity()).not.toBe(await backend.identity());
    await chat.close();
  });

  it('names the missing files of a folder that is not a model', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stepwise-empty-'));
    folders.push(folder);
    const error: unknown = await createLocalBackend({ spec: `local:${folder}` })
      .generate({ prompt: 'x' })
      .catch((caught) => caught);

    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect(String(error)).toMatch(/not a transformers\.js model folder/);
  });
});
