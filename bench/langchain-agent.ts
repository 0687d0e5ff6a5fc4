/**
 * The cost of LangChain's own agent loop per step: `createAgent` with a
 * fake chat model that calls a trivial tool K times, then answers. Both
 * the model and the tool return at once, so what is left is the loop
 * (LangGraph supersteps, message handling, callbacks, tool node).
 *
 * Run on its own: `npx tsx bench/langchain-agent.ts [steps] [runs]`.
 */
import { pathToFileURL } from 'node:url';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, ToolMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { z } from 'zod';

export interface MeasureLangChainAgentOptions {
  /** Tool-calling steps per agent run (K). */
  steps: number;
  /** Timed runs. Default: 10. */
  runs?: number;
  /** Untimed runs first, so the JIT has warmed up. Default: 3. */
  warmupRuns?: number;
}

export interface LangChainAgentMeasure {
  /** Wall time per step (one model call and one tool call), final answer call included. */
  msPerStep: number;
  /** CPU time of this process per step: less swayed by other load on the machine. */
  cpuMsPerStep: number;
}

/**
 * Calls the `echo` tool until the conversation holds `steps` tool results,
 * then answers. It reads its state from the messages alone, so it works
 * however often the agent re-binds tools to it.
 */
class ToolLoopChatModel extends BaseChatModel {
  readonly #steps: number;

  constructor(steps: number) {
    super({});
    this.#steps = steps;
  }

  _llmType(): string {
    return 'tool-loop';
  }

  override bindTools(): this {
    return this;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const done = messages.filter((message) => ToolMessage.isInstance(message)).length;
    const message =
      done < this.#steps
        ? new AIMessage({
            content: '',
            tool_calls: [
              { type: 'tool_call', id: `call_${done}`, name: 'echo', args: { n: done } },
            ],
          })
        : new AIMessage('done');
    return { generations: [{ text: message.text, message }] };
  }
}

const echo = tool(({ n }: { n: number }) => String(n), {
  name: 'echo',
  description: 'Returns its input.',
  schema: z.object({ n: z.number() }),
});

/** Runs a fake K-step createAgent loop and reports wall time per step. */
export async function measureLangChainAgent(
  options: MeasureLangChainAgentOptions,
): Promise<LangChainAgentMeasure> {
  const steps = options.steps;
  const runs = options.runs ?? 10;
  const warmupRuns = options.warmupRuns ?? 3;
  if (!Number.isInteger(steps) || steps < 1) throw new Error('steps must be a positive integer.');

  const agent = createAgent({ model: new ToolLoopChatModel(steps), tools: [echo] });

  // Each step is two graph supersteps (model, tools), plus the final answer.
  const config = { recursionLimit: 2 * steps + 5 };
  const input = { messages: [{ role: 'user', content: 'Go.' }] };

  const check = (messages: BaseMessage[]) => {
    const tools = messages.filter((message) => ToolMessage.isInstance(message)).length;
    if (tools !== steps || messages.at(-1)?.text !== 'done') {
      throw new Error(`The agent made ${tools} tool calls, not ${steps}, or did not finish.`);
    }
  };
  for (let run = 0; run < warmupRuns; run++) check((await agent.invoke(input, config)).messages);

  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let run = 0; run < runs; run++) check((await agent.invoke(input, config)).messages);
  const elapsed = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return {
    msPerStep: elapsed / (runs * steps),
    cpuMsPerStep: (user + system) / 1000 / (runs * steps),
  };
}

async function main(): Promise<void> {
  const steps = Number(process.argv[2] ?? 20);
  const runs = Number(process.argv[3] ?? 10);
  const { msPerStep, cpuMsPerStep } = await measureLangChainAgent({ steps, runs });
  process.stdout.write(
    `LangChain createAgent, fake model, ${steps} steps x ${runs} runs: ` +
      `${msPerStep.toFixed(2)} ms per step (${cpuMsPerStep.toFixed(2)} ms CPU)\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
