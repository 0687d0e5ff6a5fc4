import type { Tool } from '../../core/tool.js';

export type ToolLookup = { ok: true; tool: Tool } | { ok: false; reason: 'unknown' | 'ambiguous' };

/** Lower-case, wrappers and separators removed: `[Web_Search]` -> `websearch`. */
function canonical(name: string): string {
  return name
    .trim()
    .replace(/^[\s[`'"*(]+|[\s\]`'"*).:]+$/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/**
 * Resolves the tool a model named, forgiving brackets, backticks, quotes,
 * odd spacing and case, but only when exactly one tool matches.
 */
export function resolveTool(name: string, tools: readonly Tool[]): ToolLookup {
  const exact = tools.find((tool) => tool.name === name.trim());
  if (exact) return { ok: true, tool: exact };

  const wanted = canonical(name);
  const matches = tools.filter((tool) => canonical(tool.name) === wanted);
  if (matches.length === 1 && matches[0]) return { ok: true, tool: matches[0] };
  return { ok: false, reason: matches.length > 1 ? 'ambiguous' : 'unknown' };
}
