import type { GenerateRequest, GenerateResult } from '../../core/backend.js';
import { BackendError } from '../../core/errors.js';
import type { TaskInput } from '../../core/reasoner.js';
import { runReasoner } from '../../core/run.js';
import type { Usage } from '../../core/usage.js';
import { createReasoner } from '../../reasoners/registry.js';
import { type ReplyChoice, toOpenAIFinishReason } from './chunks.js';
import { type ApiFailure, failureFromCode, invalidRequest } from './errors.js';
import { taskFromConversation } from './conversation-task.js';
import type { ServedModel } from './models.js';
import { reasoningText } from './reasoning-text.js';
import type { ChatRequest } from './schema.js';

/** What a reply is made of, whether it is streamed or sent whole. */
export type ReplyEvent =
  | { type: 'delta'; choice: number; content?: string; reasoning?: string }
  | { type: 'finish'; choices: ReplyChoice[]; usage: Usage }
  /** A run that ended in an error: reasoner runs report errors, they do not throw them. */
  | { type: 'failure'; failure: ApiFailure };

export type PreparedReply =
  | { success: true; events: (signal: AbortSignal) => AsyncGenerator<ReplyEvent> }
  | { success: false; failure: ApiFailure };

/**
 * Checks what the model cannot do before anything runs, then returns the
 * reply's producer. The local backend needs no queue in front of it: each
 * request decodes with its own KV cache, and onnxruntime sessions accept
 * concurrent runs (checked in test/server/openai/local-model.test.ts).
 */
export function prepareReply(model: ServedModel, request: ChatRequest): PreparedReply {
  const { capabilities } = model.backend;
  if (request.tools && (model.kind === 'reasoner' || !capabilities.tools)) {
    const why =
      model.kind === 'reasoner'
        ? 'reasoner models bring their own tools'
        : `the ${model.id} backend has no native tool calls`;
    return refuse(`'tools' cannot be used with ${model.id}: ${why}; leave them out.`, 'tools');
  }
  if (request.n > 1 && (model.kind === 'reasoner' || !capabilities.n)) {
    return refuse(`${model.id} gives one choice per request; leave out 'n' or set it to 1.`, 'n');
  }

  if (model.kind === 'backend') {
    return { success: true, events: (signal) => backendReply(model, request, signal) };
  }
  const task = taskFromConversation(request.messages);
  if (!task.success) return task;
  return { success: true, events: (signal) => reasonerReply(model, task.task, request, signal) };
}

async function* backendReply(
  model: ServedModel,
  request: ChatRequest,
  signal: AbortSignal,
): AsyncGenerator<ReplyEvent> {
  const { backend } = model;
  const generateRequest: GenerateRequest = {
    messages: request.messages,
    n: request.n,
    signal,
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    ...(request.topP !== undefined && { topP: request.topP }),
    ...(request.maxTokens !== undefined && { maxTokens: request.maxTokens }),
    ...(request.stop && { stop: request.stop }),
    ...(request.seed !== undefined && backend.capabilities.seed && { seed: request.seed }),
    ...(request.tools && { tools: request.tools }),
  };

  if (!request.stream || !backend.capabilities.streaming) {
    yield finishOf(await backend.generate(generateRequest));
    return;
  }
  for await (const event of backend.stream(generateRequest)) {
    if (event.type === 'finish') {
      yield finishOf(event.result);
      return;
    }
    yield { type: 'delta', choice: event.choice, content: event.text };
  }
  throw new BackendError(`The ${model.id} backend ended its stream without a result.`);
}

function finishOf(result: GenerateResult): ReplyEvent {
  const choices = result.choices.map((choice): ReplyChoice => ({
    content: choice.text,
    reasoning: null,
    finishReason: toOpenAIFinishReason(choice.finishReason),
    ...(choice.toolCalls && { toolCalls: choice.toolCalls }),
  }));
  return { type: 'finish', choices, usage: result.usage };
}

async function* reasonerReply(
  model: Extract<ServedModel, { kind: 'reasoner' }>,
  task: TaskInput,
  request: ChatRequest,
  signal: AbortSignal,
): AsyncGenerator<ReplyEvent> {
  const run = runReasoner(createReasoner(model.reasoner), task, {
    backend: model.backend,
    signal,
    seed: request.seed ?? 0,
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    ...(request.maxTokens !== undefined && { maxTokens: request.maxTokens }),
  });

  // Each step is one paragraph of reasoning, sent as soon as it is emitted.
  let reasoning = '';
  let answerText: string | null = null;
  for await (const event of run) {
    if (event.type !== 'step') continue;
    if (event.step.type === 'answer') answerText = event.step.text;
    const text = reasoningText(event.step);
    if (text === null) continue;
    const piece = reasoning ? `\n\n${text}` : text;
    reasoning += piece;
    yield { type: 'delta', choice: 0, reasoning: piece };
  }

  const { result } = await run.trace;
  if (result.error) {
    yield { type: 'failure', failure: failureFromCode(result.error.code, result.error.message) };
    return;
  }
  if (result.stopReason === 'aborted') {
    yield { type: 'failure', failure: failureFromCode('aborted', 'The run was aborted.') };
    return;
  }

  const { text, stopped } = cutAtStop(result.answer ?? answerText ?? '', request.stop);
  if (text) yield { type: 'delta', choice: 0, content: text };
  const budgetStop = result.stopReason === 'budget-calls' || result.stopReason === 'budget-tokens';
  const choice: ReplyChoice = {
    content: text,
    reasoning,
    finishReason: budgetStop && !stopped ? 'length' : 'stop',
  };
  yield { type: 'finish', choices: [choice], usage: result.usage };
}

/** The answer up to the first stop sequence, as a backend would cut its text. */
function cutAtStop(text: string, stop: string[] | undefined): { text: string; stopped: boolean } {
  let end = text.length;
  for (const marker of stop ?? []) {
    const at = marker ? text.indexOf(marker) : -1;
    if (at >= 0 && at < end) end = at;
  }
  return { text: text.slice(0, end), stopped: end < text.length };
}

function refuse(message: string, param: string): PreparedReply {
  return { success: false, failure: invalidRequest(message, param) };
}
