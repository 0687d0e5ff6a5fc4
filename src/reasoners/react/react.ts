import { extractAnswer } from '../../answers/extract.js';
import type { Message, ToolCall } from '../../core/backend.js';
import type { Reasoner, ReasonerContext, ReasonerOutcome, Task } from '../../core/reasoner.js';
import { type Tool, toolDefinition } from '../../core/tool.js';
import { stableStringify } from '../../util/hash.js';
import {
  formatInstruction,
  readPrompt,
  renderPrompt,
  renderTask,
  renderTemplate,
} from '../prompts.js';
import { parseReactReply } from './text-protocol.js';
import { resolveTool } from './tool-names.js';
import { type ToolLike, asTool } from './tool-like.js';
import { type ToolOutcome, describeToolsForPrompt, runTool } from './tool-runner.js';
import { firstJsonValue } from '../../util/json-value.js';
import {
  checkBoolean,
  checkChoice,
  checkWholeNumbers,
  optionsObject,
} from '../../util/check-options.js';
import { InvalidInputError } from '../../core/errors.js';

export interface ReActOptions {
  /** Tools the model may call: stepwise tools or LangChain tools. */
  tools: ToolLike[];
  /** `native` tool calls, the `text` protocol, or `auto` by backend capability. Default: auto. */
  protocol?: 'auto' | 'native' | 'text';
  /** Most model turns before a final answer is demanded. Default: 8. */
  maxSteps?: number;
  /** Coerce near-miss tool input ("7" for 7) before validating. Default: true. */
  coerce?: boolean;
  /** Identical repeated actions tolerated before a final answer is demanded. Default: 1. */
  maxRepeats?: number;
}

const OBSERVATION_STOP = ['Observation:'];

/**
 * ReAct: the model interleaves reasoning with tool calls, reading each
 * tool's result before its next step, until it gives a final answer.
 */
export class ReAct implements Reasoner {
  readonly name = 'react';
  private readonly tools: Tool[];
  private toolText: { list: string; names: string } | undefined;

  private readonly options: ReActOptions;

  constructor(options: ReActOptions) {
    this.options = optionsObject('ReAct', options, [
      'tools',
      'protocol',
      'maxSteps',
      'coerce',
      'maxRepeats',
    ]);
    if (!Array.isArray(this.options.tools) || this.options.tools.length === 0) {
      throw new InvalidInputError(
        'ReAct needs its tools: new ReAct({ tools: [...] }), with stepwise or LangChain tools ' +
          "(getTools() from 'stepwise' gives the shipped ones).",
      );
    }
    const { maxSteps, maxRepeats, protocol, coerce } = this.options;
    checkWholeNumbers('ReAct', { maxSteps }, 1);
    checkWholeNumbers('ReAct', { maxRepeats }, 0);
    checkChoice('ReAct', 'protocol', protocol, ['auto', 'native', 'text']);
    checkBoolean('ReAct', 'coerce', coerce);
    this.tools = this.options.tools.map((tool, index) => asTool(tool, `ReAct tool ${index + 1}`));
  }

  /** The tools as the text protocol shows them; built once, it costs a schema walk. */
  private describeTools() {
    this.toolText ??= {
      list: describeToolsForPrompt(this.tools),
      names: this.tools.map((tool) => tool.name).join(', '),
    };
    return this.toolText;
  }

  run(task: Task, context: ReasonerContext): Promise<ReasonerOutcome> {
    const protocol = this.options.protocol ?? 'auto';
    const native =
      protocol === 'native' || (protocol === 'auto' && context.backend.capabilities.tools);
    return native ? this.runNative(task, context) : this.runText(task, context);
  }

  private async runText(task: Task, context: ReasonerContext): Promise<ReasonerOutcome> {
    const loop = new ActionLog(this.options.maxRepeats ?? 1);
    let scratchpad = '';
    const tools = this.describeTools();
    const prompt = (pad: string, cue = 'Thought:') =>
      renderTemplate(readPrompt('react.txt'), {
        tools: tools.list,
        tool_names: tools.names,
        task: renderTask(task),
        instruction: formatInstruction(task.format),
        scratchpad: pad,
        cue,
      }).trimEnd();

    for (let turn = 0; turn < (this.options.maxSteps ?? 8) && !loop.exhausted; turn++) {
      const startedAt = context.now();
      const result = await context.generate({
        messages: [{ role: 'user', content: prompt(scratchpad) }],
        stop: OBSERVATION_STOP,
      });
      const raw = result.choices[0]?.text ?? '';
      const reply = parseReactReply(raw);
      if (reply.thought) {
        context.emit({ type: 'thought', text: reply.thought, raw, usage: result.usage, startedAt });
      }

      if (reply.type === 'final') return { answer: this.answer(context, task, reply.answer, raw) };
      if (reply.type === 'none') {
        const nudge = 'No action found. Reply with an Action and Action Input, or a Final Answer.';
        context.emit({ type: 'observation', tool: null, text: nudge, isError: true });
        scratchpad += `Thought: ${reply.thought}\nObservation: ${nudge}\n`;
        continue;
      }

      const outcome = await this.act(context, task, loop, reply.tool, reply.input, null);
      scratchpad +=
        `Thought: ${reply.thought}\nAction: ${outcome.tool}\n` +
        `Action Input: ${JSON.stringify(outcome.input)}\nObservation: ${outcome.text}\n`;
    }

    // Out of steps: ask for the best answer from what was found, rather than none.
    const cue = `${finalInstruction(task)}\nFinal Answer:`;
    const result = await context.generate({
      messages: [{ role: 'user', content: prompt(scratchpad, cue) }],
      stop: OBSERVATION_STOP,
    });
    const raw = result.choices[0]?.text ?? '';
    const reply = parseReactReply(raw);
    const text = reply.type === 'final' ? reply.answer : raw;
    return { answer: this.answer(context, task, text, raw, result.usage) };
  }

  private async runNative(task: Task, context: ReasonerContext): Promise<ReasonerOutcome> {
    const loop = new ActionLog(this.options.maxRepeats ?? 1);
    const tools = this.tools.map(toolDefinition);
    const messages: Message[] = [{ role: 'user', content: renderPrompt('react-native.txt', task) }];

    for (let turn = 0; turn < (this.options.maxSteps ?? 8) && !loop.exhausted; turn++) {
      const startedAt = context.now();
      const result = await context.generate({ messages, tools });
      const choice = result.choices[0];
      const text = choice?.text ?? '';
      const calls = choice?.toolCalls ?? [];
      if (calls.length === 0)
        return { answer: this.answer(context, task, text, text, result.usage) };

      if (text.trim()) {
        context.emit({
          type: 'thought',
          text: text.trim(),
          raw: text,
          usage: result.usage,
          startedAt,
        });
      }
      messages.push({ role: 'assistant', content: text, toolCalls: calls });

      // Every call of the turn needs a reply message, so all of them run.
      for (const call of calls) {
        const outcome = await this.act(
          context,
          task,
          loop,
          call.name,
          parseArguments(call),
          call.id,
        );
        messages.push({ role: 'tool', content: outcome.text, toolCallId: call.id });
      }
    }

    messages.push({ role: 'user', content: finalInstruction(task) });
    const result = await context.generate({ messages });
    const text = result.choices[0]?.text ?? '';
    return { answer: this.answer(context, task, text, text, result.usage) };
  }

  /** Runs one action (or refuses a repeat) and emits its action and observation steps. */
  private async act(
    context: ReasonerContext,
    task: Task,
    loop: ActionLog,
    name: string,
    input: unknown,
    callId: string | null,
  ): Promise<ToolOutcome> {
    const startedAt = context.now();
    const resolved = resolveTool(name, this.tools);
    const tool = resolved.ok ? resolved.tool.name : name;
    const action = context.emit({ type: 'action', tool, input, callId, startedAt });
    const previous = loop.previous(name, input);
    const outcome: ToolOutcome = previous
      ? {
          ...previous,
          text: `You already ran this action; it returned: ${previous.text} Try something else or give the final answer.`,
        }
      : await runTool(name, input, this.tools, {
          coerce: this.options.coerce ?? true,
          signal: context.signal,
          taskContext: task.context,
        });
    if (!previous) loop.record(name, input, outcome);
    context.emit({
      type: 'observation',
      tool: outcome.tool,
      text: outcome.text,
      isError: outcome.isError,
      parentId: action.id,
      startedAt,
    });
    return outcome;
  }

  private answer(
    context: ReasonerContext,
    task: Task,
    text: string,
    raw: string,
    usage?: { promptTokens: number; completionTokens: number; totalTokens: number },
  ): string | null {
    const options = { format: task.format, options: task.options };
    let extraction = extractAnswer(text, options);

    // A final answer is a declaration even when the model wrote only its value.
    if (extraction.answer === null && text.trim()) {
      extraction = extractAnswer(`Answer: ${text.trim()}`, options);
    }
    context.emit({
      type: 'answer',
      answer: extraction.answer,
      text: text.trim(),
      method: extraction.method,
      raw,
      ...(usage && { usage }),
    });
    return extraction.answer;
  }
}

/** The demand for an answer once the step limit is reached. */
function finalInstruction(task: Task): string {
  return renderTemplate(readPrompt('react-final.txt'), {
    instruction: formatInstruction(task.format),
  }).trim();
}

/** Native tool arguments: empty means `{}`; otherwise the first JSON value. */
function parseArguments(call: ToolCall): unknown {
  if (!call.arguments.trim()) return {};
  return firstJsonValue(call.arguments) ?? call.arguments;
}

/** Remembers actions so identical repeats are caught instead of looping. */
class ActionLog {
  private readonly seen = new Map<string, ToolOutcome>();
  private repeats = 0;

  constructor(private readonly maxRepeats: number) {}

  get exhausted(): boolean {
    return this.repeats > this.maxRepeats;
  }

  previous(name: string, input: unknown): ToolOutcome | undefined {
    const found = this.seen.get(this.key(name, input));
    if (found) this.repeats++;
    return found;
  }

  record(name: string, input: unknown, outcome: ToolOutcome): void {
    this.seen.set(this.key(name, input), outcome);
  }

  private key(name: string, input: unknown): string {
    return `${name.trim().toLowerCase()}\u0000${stableStringify(input)}`;
  }
}
