import type { Command } from 'commander';
import pc from 'picocolors';
import { mergeRuns } from '../eval/merge.js';

export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('join the shards of a run (eval --shard i/n) into one result')
    .argument('<dirs...>', 'the shard output folders')
    .requiredOption('--out <dir>', 'folder for the merged result')
    .action(async (dirs: string[], flags: { out: string }) => {
      const { summary, duplicates, dropped } = await mergeRuns(dirs, flags.out);
      const [low, high] = summary.ci95.map((value) => `${(100 * value).toFixed(1)}%`);
      process.stdout.write(
        `${summary.n} results, accuracy ${(100 * summary.accuracy).toFixed(1)}% (95% CI ${low} – ${high})\n`,
      );
      if (duplicates || dropped) {
        process.stdout.write(
          pc.yellow(`${duplicates} duplicates and ${dropped} torn lines left out\n`),
        );
      }
      process.stdout.write(`${pc.dim('merged into')} ${flags.out}\n`);
    });
}
