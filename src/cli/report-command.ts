import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { InvalidInputError } from '../core/errors.js';
import { DEFAULT_PRICES, loadPrices } from '../eval/cost.js';
import { type ReportModel, buildReport } from '../eval/report/build-report.js';
import { writeComparison } from '../eval/report/comparison.js';
import {
  formatInterval,
  formatNumber,
  formatP,
  formatPercent,
  formatPoints,
  formatPointsInterval,
} from '../eval/report/format.js';
import { writeHtmlReport } from '../eval/report/html-report.js';
import { writeMarkdownReport } from '../eval/report/markdown-report.js';
import { renderPlots } from '../eval/report/plots.js';
import { readRun } from '../eval/report/read-run.js';
import { PLAYGROUND_URL } from '../server/playground/address.js';
import { integer } from './options.js';
import { createTable } from './table.js';

interface ReportFlags {
  out?: string;
  prices?: string;
  traces: number;
  playground?: string;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write report.md and report.html (and comparison.json) for eval runs')
    .argument('<dirs...>', 'run folders written by stepwise eval')
    .option('--out <dir>', 'output folder (default: the run folder, or reports/<time> for several)')
    .option(
      '--prices <file>',
      'JSON prices in USD per 1M tokens: {"model": {"prompt", "completion"}}',
    )
    .option('--traces <n>', 'items whose traces report.html embeds', integer('--traces'), 500)
    .option('--playground <url>', `the playground item links open (default ${PLAYGROUND_URL})`)
    .action(async (dirs: string[], flags: ReportFlags) => {
      const repeated = dirs.find(
        (dir, index) => dirs.findIndex((other) => resolve(other) === resolve(dir)) !== index,
      );
      if (repeated !== undefined) {
        throw new InvalidInputError(`${repeated} is given twice; name each run folder once.`);
      }

      const prices = flags.prices ? await loadPrices(flags.prices) : DEFAULT_PRICES;
      const runs = [];
      for (const dir of dirs) runs.push(await readRun(dir, { traceLimit: flags.traces }));
      for (const run of runs) {
        const skipped = run.tornLines + run.invalidLines;
        if (skipped > 0) {
          process.stderr.write(
            `${run.name}: skipped ${skipped} torn or invalid lines of results.jsonl\n`,
          );
        }
      }

      const model = buildReport(runs, {
        prices,
        traceLimit: flags.traces,
        ...(flags.playground && { playgroundUrl: flags.playground }),
      });
      const outDir =
        flags.out ?? (runs.length === 1 ? (runs[0]?.dir ?? '.') : join('reports', timestamp()));
      const plots = renderPlots(model);
      const markdown = await writeMarkdownReport(model, { outDir, plots });
      const html = await writeHtmlReport(model, { outDir, plots });
      const written = [
        markdown.report,
        `${join(outDir, 'plots')} (${plots.length} SVG charts)`,
        html,
      ];
      if (runs.length > 1) written.push(await writeComparison(model, { outDir }));

      printReport(model);
      for (const file of written) process.stdout.write(`${pc.dim('wrote')} ${file}\n`);
    });
}

function printReport(model: ReportModel): void {
  const runs = createTable(['run', 'n', 'accuracy', '95% CI', 'tokens/item']);
  for (const run of model.runs) {
    runs.push([
      run.label,
      run.summary.n,
      formatPercent(run.summary.accuracy),
      formatInterval(run.summary.ci95),
      formatNumber(run.summary.tokensPerItem.total),
    ]);
  }
  process.stdout.write(`${runs.toString()}\n`);
  if (model.comparisons.length === 0) return;

  const pairs = createTable(['A', 'B', 'paired', 'B − A', '95% CI', 'McNemar p']);
  for (const comparison of model.comparisons) {
    pairs.push([
      model.runs[comparison.a]?.label ?? '',
      model.runs[comparison.b]?.label ?? '',
      comparison.n,
      formatPoints(comparison.difference),
      formatPointsInterval(comparison.ci95),
      formatP(comparison.mcnemarP),
    ]);
  }
  process.stdout.write(`${pairs.toString()}\n`);
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '').replace('T', '-');
}
