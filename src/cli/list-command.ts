import { createTable } from './table.js';
import type { Command } from 'commander';
import pc from 'picocolors';
import { listAgents } from '../agents/agent.js';
import { describeSuites } from '../eval/suites.js';
import { describeReasoners } from '../reasoners/registry.js';
import { toolInputFields } from '../core/tool.js';
import { describeTools, shippedTools } from '../tools/registry.js';

const BACKENDS = [
  ['local', 'the embedded model in models/ (offline, no key)'],
  [
    'local:<folder|hub-id>',
    'a transformers.js model folder, or a hub id (cached; HF_HUB_OFFLINE=1 forbids downloads)',
  ],
  ['openai:<model>', 'any OpenAI-compatible server: OPENAI_BASE_URL / --base-url, OPENAI_API_KEY'],
  ['scripted:<file>', 'deterministic replies from a JSON file, for tests'],
];

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('show suites, reasoners and backends')
    .option('--json', 'print everything as JSON, tools with their full input JSON Schema', false)
    .action((flags: { json: boolean }) => {
      if (flags.json) {
        const everything = {
          suites: describeSuites(),
          reasoners: describeReasoners(),
          tools: describeTools(),
          agents: listAgents(),
          backends: BACKENDS.map(([spec, description]) => ({ spec, description })),
        };
        process.stdout.write(`${JSON.stringify(everything, null, 2)}\n`);
        return;
      }

      const suites = createTable(['suite', 'items/split', 'description']);
      for (const suite of describeSuites())
        suites.push([suite.name, suite.size, suite.description]);

      const reasoners = createTable(['reasoner', 'description', 'parameters (--param)']);
      for (const reasoner of describeReasoners()) {
        reasoners.push([reasoner.name, reasoner.description, reasoner.params.join('\n')]);
      }

      const backends = createTable(['backend spec', 'description']);
      for (const backend of BACKENDS) backends.push(backend);

      const tools = createTable(['tool', 'description', 'input']);
      for (const tool of shippedTools) {
        tools.push([tool.name, wrap(tool.description), toolInputFields(tool).join('\n')]);
      }

      const agents = createTable(['agent', 'description', 'reasoner and parameters']);
      for (const agent of listAgents()) {
        agents.push([
          agent.name,
          wrap(agent.description),
          `${agent.reasoner} ${JSON.stringify(agent.params)}`,
        ]);
      }

      const sections = [
        [pc.bold('Suites'), suites],
        [pc.bold('Reasoners'), reasoners],
        [pc.bold('Tools'), tools],
        [pc.bold('Agents'), agents],
        [pc.bold('Backends'), backends],
      ] as const;
      for (const [title, table] of sections) {
        process.stdout.write(`${title}\n${table.toString()}\n\n`);
      }
    });
}

function wrap(text: string, width = 60): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line].join('\n');
}
