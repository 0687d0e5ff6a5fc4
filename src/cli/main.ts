#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { isStepwiseError } from '../core/errors.js';
import { packageVersion } from '../paths.js';
import { EXIT_FAILURE, exitCodeFor } from './exit-codes.js';
import { registerEvalCommand } from './eval-command.js';
import { registerListCommand } from './list-command.js';
import { registerMergeCommand } from './merge-command.js';
import { registerPlaygroundCommand } from './playground-command.js';
import { registerReportCommand } from './report-command.js';
import { registerRunCommand } from './run-command.js';
import { registerServeCommand } from './serve-command.js';

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = new Command('stepwise')
    .description('typed, pluggable LLM reasoning and its evaluation')
    .version(packageVersion())
    .option('--debug', 'show stack traces of errors')
    .exitOverride()
    .configureOutput({
      // One line per error; commander's own text says what is wrong.
      outputError: (text, write) =>
        write(
          `stepwise: ${text
            .replace(/^error: /, '')
            .replace(/\s*\n\s*/g, ' ')
            .trim()}\n`,
        ),
    });
  for (const command of [
    registerRunCommand,
    registerEvalCommand,
    registerMergeCommand,
    registerReportCommand,
    registerListCommand,
    registerServeCommand,
    registerPlaygroundCommand,
  ]) {
    command(program);
  }
  for (const command of program.commands)
    command.exitOverride().option('--debug', 'show stack traces');

  try {
    await program.parseAsync(argv, { from: 'user' });
    // Commands report a failed run or an interrupt through the exit code.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      return benign.includes(error.code) ? 0 : 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`stepwise: ${message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return isStepwiseError(error) ? exitCodeFor(error.code) : EXIT_FAILURE;
  }
}

// A closed pipe (`stepwise list | head -1`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
