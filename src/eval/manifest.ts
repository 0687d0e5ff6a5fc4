import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath, packageRoot, packageVersion } from '../paths.js';
import { promptHash } from '../reasoners/prompts.js';

/** The git commit of the stepwise checkout, when it is one. */
export function gitCommit(): string | null {
  // Installed as a dependency, the nearest repository is the user's, not ours.
  if (!existsSync(join(packageRoot(), '.git'))) return null;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: packageRoot(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // Installed from a tarball, or git is missing: no commit to record.
    return null;
  }
}

/** sha256 of every file in prompts/, so a changed prompt shows in the manifest. */
export function promptHashes(): Record<string, string> {
  const files = readdirSync(packagePath('prompts')).sort();
  return Object.fromEntries(files.map((file) => [file, promptHash(file)]));
}

/** The fields of a manifest that describe the software, not the run. */
export function softwareManifest() {
  return {
    stepwise: packageVersion(),
    gitCommit: gitCommit(),
    createdAt: new Date().toISOString(),
    prompts: promptHashes(),
  };
}
