import { HumanMessage } from '@langchain/core/messages';
import { PromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { ScriptedBackend } from '../../src/backends/scripted.js';
import { AbortedError, InvalidInputError } from '../../src/core/errors.js';
import type { Reasoner } from '../../src/core/reasoner.js';
import type { RunEvent } from '../../src/core/run.js';
import type { Step } from '../../src/core/step.js';
import { RUN_EVENT_NAME, fromChatModel, toRunnable } from '../../src/langchain/index.js';
import { ChainOfThought } from '../../src/reasoners/chain-of-thought.js';

function arithmetic() {
  return new ScriptedBackend({
    script: {
      rules: [
        { match: '2+2', reply: 'Two and two make four.\nAnswer: 4' },
        { match: '3+3', reply: 'Three and three make six.\nAnswer: 6' },
        { match: '5+5', reply: 'Five and five make ten.\nAnswer: 10' },
      ],
      default: 'I cannot tell.\nAnswer: unknown',
    },
  });
}

describe('toRunnable', () => {
  it('invokes a ChainOfThought reasoner and returns the answer', async () => {
    const runnable = toRunnable(new ChainOfThought(), { backend: arithmetic() });
    expect(await runnable.invoke('What is 2+2?')).toBe('4');
    expect(await runnable.invoke({ question: 'What is 3+3?', format: 'number' })).toBe('6');
    expect(await runnable.invoke(new HumanMessage('What is 5+5?'))).toBe('10');
  });

  it('batches over several inputs', async () => {
    const runnable = toRunnable(new ChainOfThought(), { backend: arithmetic() });
    const answers = await runnable.batch(['What is 2+2?', 'What is 3+3?', 'What is 5+5?'], {
      maxConcurrency: 2,
    });
    expect(answers).toEqual(['4', '6', '10']);
  });

  it('returns the trace, or what a function makes of it', async () => {
    const traced = toRunnable(new ChainOfThought(), { backend: arithmetic(), output: 'trace' });
    const trace = await traced.invoke('What is 2+2?');
    expect(trace.result).toMatchObject({ answer: '4', stopReason: 'answer', calls: 1 });
    expect(trace.steps.map((step) => step.type)).toEqual(['thought', 'answer']);

    const shaped = toRunnable(new ChainOfThought(), {
      backend: arithmetic(),
      output: (run) => ({ question: run.task.question, answer: run.result.answer ?? '' }),
    });
    expect(await shaped.invoke('What is 3+3?')).toEqual({ question: 'What is 3+3?', answer: '6' });
  });

  it('streams steps as they happen through streamRun', async () => {
    const runnable = toRunnable(new ChainOfThought(), { backend: arithmetic(), stream: true });
    const run = runnable.streamRun('What is 2+2?');
    const events: RunEvent['type'][] = [];
    const steps: Step[] = [];
    for await (const event of run) {
      events.push(event.type);
      if (event.type === 'step') steps.push(event.step);
    }
    expect(steps.map((step) => step.type)).toEqual(['thought', 'answer']);
    expect(events).toContain('text-delta');
    expect(events.at(-1)).toBe('result');
    expect((await run.trace).result.answer).toBe('4');
  });

  it('stream yields the output once, so it streams inside a sequence', async () => {
    const runnable = toRunnable(new ChainOfThought(), { backend: arithmetic() });
    const chunks: (string | null)[] = [];
    for await (const chunk of await runnable.stream('What is 2+2?')) chunks.push(chunk);
    expect(chunks).toEqual(['4']);
  });

  it('dispatches every RunEvent as a custom event in streamEvents', async () => {
    const runnable = toRunnable(new ChainOfThought(), { backend: arithmetic() });
    const chain = runnable.pipe((answer: string | null) => `answer=${answer}`);
    const steps: string[] = [];
    let output: unknown;
    for await (const event of chain.streamEvents('What is 2+2?', { version: 'v2' })) {
      if (event.event === 'on_custom_event' && event.name === RUN_EVENT_NAME) {
        const data = event.data as RunEvent;
        if (data.type === 'step') steps.push(data.step.type);
      }
      if (event.event === 'on_chain_end' && event.name === 'RunnableSequence') {
        output = event.data.output;
      }
    }
    expect(steps).toEqual(['thought', 'answer']);
    expect(output).toBe('answer=4');
  });

  it('composes with .pipe() into a prompt and a chat model, and in a RunnableSequence', async () => {
    const reasoner = toRunnable(new ChainOfThought(), {
      backend: arithmetic(),
      output: (trace) => ({ question: trace.task.question, answer: trace.result.answer ?? '' }),
    });
    const prompt = PromptTemplate.fromTemplate('Explain why {question} is {answer}.');
    const explainer = new FakeListChatModel({ responses: ['Because counting.'] });

    const piped = reasoner.pipe(prompt);
    expect((await piped.invoke('What is 2+2?')).toString()).toBe('Explain why What is 2+2? is 4.');

    const sequence = RunnableSequence.from([
      RunnableLambda.from((topic: string) => `What is ${topic}?`),
      reasoner,
      prompt,
      explainer,
    ]);
    const reply = await sequence.invoke('2+2');
    expect(reply.text).toBe('Because counting.');

    const streamed: string[] = [];
    for await (const chunk of await sequence.stream('2+2')) streamed.push(chunk.text);
    expect(streamed.join('')).toBe('Because counting.');
  });

  it('runs a reasoner on a LangChain model through the backend', async () => {
    const model = new FakeListChatModel({ responses: ['Seven and one.\nAnswer: 8'] });
    const runnable = toRunnable(new ChainOfThought(), { backend: fromChatModel(model) });
    expect(await runnable.invoke({ question: 'What is 7+1?', format: 'number' })).toBe('8');
  });

  it('aborts the run when the config signal fires', async () => {
    // Waits for its signal, as a reasoner between calls would notice it.
    const waiting: Reasoner = {
      name: 'waiting',
      async run(_task, context) {
        await new Promise<void>((resolve) => {
          if (context.signal?.aborted) resolve();
          context.signal?.addEventListener('abort', () => resolve());
        });
        await context.generate({ prompt: 'late' });
        return { answer: 'late' };
      },
    };
    const ended: string[] = [];
    const runnable = toRunnable(waiting, {
      backend: arithmetic(),
      onEvent: (event) => {
        if (event.type === 'result') ended.push(event.trace.result.stopReason);
      },
    });

    const controller = new AbortController();
    const pending = runnable.invoke('q', { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ended).toEqual(['aborted']);

    const run = runnable.streamRun('q', { signal: AbortSignal.abort() });
    expect((await run.trace).result.stopReason).toBe('aborted');
  });

  it('rejects on a failed run by default, and returns null when asked not to', async () => {
    const exhausted = () => new ScriptedBackend({ script: [] });
    await expect(
      toRunnable(new ChainOfThought(), { backend: exhausted() }).invoke('q'),
    ).rejects.toMatchObject({ name: 'ScriptedExhaustedError' });

    const lenient = toRunnable(new ChainOfThought(), { backend: exhausted(), throwOnError: false });
    expect(await lenient.invoke('q')).toBeNull();

    const aborted = toRunnable(new ChainOfThought(), {
      backend: arithmetic(),
      signal: AbortSignal.abort(),
    });
    await expect(aborted.invoke('q')).rejects.toBeInstanceOf(AbortedError);
  });

  it('rejects input that is not a task', async () => {
    const runnable = toRunnable(new ChainOfThought(), { backend: arithmetic() });
    await expect(runnable.invoke({ question: '' })).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('the LangChain adapters given bad arguments from code', () => {
  const backend = () => new ScriptedBackend({ script: ['Answer: yes'] });

  it.each([
    [
      () => toRunnable(new ChainOfThought(), undefined as never),
      'toRunnable needs options with a backend',
    ],
    [() => toRunnable(new ChainOfThought(), {} as never), 'A run needs a backend object'],
    [() => toRunnable(null as never, { backend: backend() }), 'The reasoner must be an object'],
    [
      () => toRunnable(new ChainOfThought(), { backend: backend(), output: 'steps' as never }),
      "toRunnable option output must be 'answer', 'trace' or a function of the trace, not \"steps\".",
    ],
    [() => fromChatModel(null as never), 'fromChatModel needs a LangChain chat model'],
    [() => fromChatModel({} as never), 'fromChatModel needs a LangChain chat model'],
  ])('case %#: an InvalidInputError that says what to pass', (make, message) => {
    expect(make).toThrow(InvalidInputError);
    expect(make).toThrow(message);
  });
});
