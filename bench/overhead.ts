/**
 * The framework's own cost per step: every reasoner on a zero-latency
 * backend, and the ReAct loop beside LangChain's createAgent loop.
 */
import { createTable } from '../src/cli/table.js';
import { z } from 'zod';
import type { Backend } from '../src/core/backend.js';
import type { Reasoner, TaskInput } from '../src/core/reasoner.js';
import { solve } from '../src/core/run.js';
import { defineTool } from '../src/core/tool.js';
import { ChainOfThought } from '../src/reasoners/chain-of-thought.js';
import { Direct } from '../src/reasoners/direct.js';
import { ReAct } from '../src/reasoners/react/react.js';
import { Reflexion } from '../src/reasoners/reflexion/reflexion.js';
import { SelfConsistency } from '../src/reasoners/self-consistency.js';
import { TreeOfThoughts } from '../src/reasoners/tree-of-thoughts/index.js';
import { cyclingBackend, text } from './cycling-backend.js';
import { measureLangChainAgent } from './langchain-agent.js';

const AGENT_STEPS = 20;

const echo = defineTool({
  name: 'echo',
  description: 'Returns its input.',
  input: z.object({ n: z.number() }),
  call: ({ n }) => String(n),
});

interface Case {
  name: string;
  reasoner: Reasoner;
  backend: Backend;
  task: TaskInput;
}

function cases(): Case[] {
  const task: TaskInput = {
    question: 'Is Max a yumpus?',
    context: 'Max is a wumpus.',
    format: 'letter',
  };
  const chain = cyclingBackend([text('Every wumpus is a yumpus. So Max is a yumpus.\nAnswer: A')]);
  const actions = Array.from({ length: AGENT_STEPS }, (_, n) =>
    text(`Thought: step ${n}\nAction: echo\nAction Input: {"n": ${n}}`),
  );
  const calls = Array.from({ length: AGENT_STEPS }, (_, n) => ({
    text: '',
    finishReason: 'tool-calls' as const,
    toolCalls: [{ id: `call_${n}`, name: 'echo', arguments: `{"n": ${n}}` }],
  }));
  return [
    { name: 'direct', reasoner: new Direct(), backend: chain, task },
    { name: 'cot', reasoner: new ChainOfThought(), backend: chain, task },
    {
      name: 'self-consistency (k=5)',
      reasoner: new SelfConsistency({ samples: 5, earlyStop: false }),
      backend: chain,
      task,
    },
    {
      name: `react text (${AGENT_STEPS} tool steps)`,
      reasoner: new ReAct({ tools: [echo], maxSteps: AGENT_STEPS + 1, maxRepeats: AGENT_STEPS }),
      backend: cyclingBackend([...actions, text('Final Answer: A')]),
      task,
    },
    {
      name: `react native (${AGENT_STEPS} tool steps)`,
      reasoner: new ReAct({ tools: [echo], maxSteps: AGENT_STEPS + 1, maxRepeats: AGENT_STEPS }),
      backend: cyclingBackend([...calls, text('Answer: A')], { tools: true }),
      task,
    },
    {
      name: 'tot (bfs, generic)',
      reasoner: new TreeOfThoughts({ breadth: 2, depth: 2 }),
      backend: cyclingBackend([
        text('Max is a yumpus.'),
        text('{"value": 0.5}'),
        text('Answer: A'),
      ]),
      task,
    },
    {
      name: 'reflexion (3 trials)',
      reasoner: new Reflexion({ maxTrials: 3 }),
      backend: cyclingBackend([text('Answer: B'), text('Wrong rule.')]),
      task: { ...task, options: ['A) True', 'B) False'], gold: 'A' },
    },
  ];
}

async function timeCase(entry: Case, runs: number) {
  for (let warm = 0; warm < Math.max(20, runs / 10); warm++) {
    await solve(entry.reasoner, entry.task, { backend: entry.backend });
  }
  let steps = 0;
  let calls = 0;
  const started = performance.now();
  for (let run = 0; run < runs; run++) {
    const trace = await solve(entry.reasoner, entry.task, { backend: entry.backend });
    steps += trace.steps.length;
    calls += trace.result.calls;
  }
  const micros = (performance.now() - started) * 1000;
  return {
    steps: steps / runs,
    calls: calls / runs,
    perStep: micros / steps,
    perRun: micros / runs,
  };
}

export async function benchOverhead(): Promise<void> {
  const table = createTable(['reasoner', 'steps/run', 'calls/run', 'µs per step', 'µs per run']);
  const perAgentStep: Record<string, number> = {};
  for (const entry of cases()) {
    const runs = entry.name.startsWith('react') ? 200 : 1000;
    const result = await timeCase(entry, runs);
    table.push([
      entry.name,
      result.steps.toFixed(1),
      result.calls.toFixed(1),
      result.perStep.toFixed(1),
      result.perRun.toFixed(0),
    ]);
    if (entry.name.startsWith('react'))
      perAgentStep[entry.name] = result.perRun / AGENT_STEPS / 1000;
  }
  process.stdout.write(
    `Framework overhead per step (zero-latency backend)\n${table.toString()}\n\n`,
  );

  const langchain = await measureLangChainAgent({ steps: AGENT_STEPS, runs: 20 });
  const agents = createTable(['agent loop', 'ms per tool step', 'vs LangChain']);
  agents.push(['LangChain createAgent', langchain.msPerStep.toFixed(3), '1x']);
  for (const [name, ms] of Object.entries(perAgentStep)) {
    agents.push([`stepwise ${name}`, ms.toFixed(3), `1/${(langchain.msPerStep / ms).toFixed(0)}`]);
  }
  process.stdout.write(
    `Agent loop per tool step (model call + tool call; target: 1/20 of LangChain)\n${agents.toString()}\n\n`,
  );
}
