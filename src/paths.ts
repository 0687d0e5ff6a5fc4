import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The folder holding stepwise's own package.json, found from this file's
 * location, so models/, prompts/ and agents/ resolve the same whether run
 * from src/ (tsx), dist/ or an installed tarball, whatever the cwd.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === 'stepwise') {
      cachedRoot = folder;
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error('Cannot find the stepwise package root.');
    folder = parent;
  }
}

function readPackageName(manifest: string): string | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    if (typeof data === 'object' && data !== null && 'name' in data) {
      return typeof data.name === 'string' ? data.name : undefined;
    }
  } catch {
    // An unreadable manifest is not ours; keep walking up.
  }
  return undefined;
}

/** A path inside the package, e.g. `packagePath('prompts', 'cot.md')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/** The package version from package.json. */
export function packageVersion(): string {
  const data = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };
  return data.version;
}
