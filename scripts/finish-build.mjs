// Runs after tsc: copies the playground's page files (HTML, CSS, browser JS)
// next to the compiled server, which serves them from
// dist/server/playground/static, and makes the CLI executable. tsc writes
// files without the exec bit, and `npx stepwise` runs the bin directly.
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const from = join(root, 'src', 'server', 'playground', 'static');
const to = join(root, 'dist', 'server', 'playground', 'static');
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });

chmodSync(join(root, 'dist', 'cli', 'main.js'), 0o755);
