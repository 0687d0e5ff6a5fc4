import { withoutThinking } from '../../answers/extract.js';
import { firstJsonValue } from '../../util/json-value.js';

/** What one model reply in the Thought / Action / Final Answer protocol says. */
export type ReactReply =
  | { type: 'action'; thought: string; tool: string; input: unknown }
  | { type: 'final'; thought: string; answer: string }
  | { type: 'none'; thought: string };

type MarkerName = 'thought' | 'action' | 'action input' | 'observation' | 'final answer';

interface Marker {
  name: MarkerName;
  /** Where the marker starts, and where its content starts. */
  start: number;
  end: number;
}

const MARKER =
  /^[ \t>*_]*(thought|action[ \t]*input|action|observation|final[ \t]*answer)[ \t*_]*:[ \t*_]*/gim;
const FENCE = /```[^\n]*\n?[\s\S]*?(?:```|$)/g;

/**
 * Parses a ReAct reply. Text inside code fences is never read as a marker;
 * a model's own `Observation:` and everything after it is dropped; only the
 * first action counts; a JSON action `{"action": ..., "action_input": ...}`
 * (fenced or not) is read when the reply has no markers.
 */
export function parseReactReply(reply: string): ReactReply {
  // Reasoning models' hidden thoughts are not part of the protocol.
  let text = withoutThinking(reply);
  const fences = fenceRanges(text);

  // Anything from an invented observation on is the model's fiction.
  const observation = markers(text, fences).find((marker) => marker.name === 'observation');
  if (observation) text = text.slice(0, observation.start);

  const found = markers(text, fences);
  const action = found.find((marker) => marker.name === 'action');
  const final = found.find((marker) => marker.name === 'final answer');

  const lineEnd = action ? text.indexOf('\n', action.end) : -1;
  const tool = action ? text.slice(action.end, lineEnd < 0 ? text.length : lineEnd).trim() : '';

  // "Action: None" before a final answer names no tool.
  const noTool = /^[\s[`'"*(]*(?:none|n\/a|no action|nothing)[\s\]`'"*).]*$/i.test(tool);
  if (action && !(noTool && final) && (!final || action.start < final.start)) {
    const inputMarker = found.find(
      (marker) => marker.name === 'action input' && marker.start > action.start,
    );
    const input = inputMarker ? sectionText(text, inputMarker, found) : '';
    return {
      type: 'action',
      thought: thoughtBefore(text, action.start),
      tool,
      input: parseInput(input),
    };
  }
  if (final) {
    return {
      type: 'final',
      thought: thoughtBefore(text, noTool && action ? action.start : final.start),
      answer: sectionText(text, final, found),
    };
  }
  return jsonAction(text, fences) ?? { type: 'none', thought: thoughtBefore(text, text.length) };
}

function fenceRanges(text: string): [number, number][] {
  return [...text.matchAll(FENCE)].map((match) => [match.index, match.index + match[0].length]);
}

function markers(text: string, fences: [number, number][]): Marker[] {
  const inFence = (at: number) => fences.some(([start, end]) => at >= start && at < end);
  return [...text.matchAll(MARKER)]
    .filter((match) => !inFence(match.index))
    .map((match) => ({
      name: (match[1] ?? '').toLowerCase().replace(/\s+/g, ' ') as MarkerName,
      start: match.index,
      end: match.index + match[0].length,
    }));
}

/** A marker's content: up to the next marker, trimmed. */
function sectionText(text: string, marker: Marker, all: Marker[]): string {
  const next = all.find((other) => other.start > marker.start);
  return text.slice(marker.end, next ? next.start : text.length).trim();
}

/** The reasoning before a position, with `Thought:` labels removed. */
function thoughtBefore(text: string, end: number): string {
  return text.slice(0, end).replace(MARKER, '').trim();
}

/** Action input: JSON when it parses (fenced or not), else the raw text. */
function parseInput(input: string): unknown {
  const unfenced = input.replace(/^```[^\n]*\n?|```\s*$/g, '').trim();
  if (/^[[{]/.test(unfenced)) {
    const value = firstJsonValue(unfenced);
    if (value !== undefined) return value;
  }
  if (/^".*"$/s.test(unfenced)) {
    try {
      return JSON.parse(unfenced) as unknown;
    } catch {
      // Not a JSON string after all; fall through to the raw text.
    }
  }
  return unfenced;
}

/** A JSON action object, e.g. inside a fenced block with prose around it. */
function jsonAction(text: string, fences: [number, number][]): ReactReply | undefined {
  const blocks = fences.length > 0 ? fences.map(([start, end]) => text.slice(start, end)) : [text];
  for (const block of blocks) {
    const value = firstJsonValue(block);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const record = value as Record<string, unknown>;
    const name = record.action ?? record.tool ?? record.name;
    if (typeof name !== 'string') continue;

    const input = record.action_input ?? record.input ?? record.arguments ?? {};
    const thought = text.slice(0, text.indexOf(block)).replace(MARKER, '').trim();
    if (/^final[\s_]*answer$/i.test(name.trim())) {
      return {
        type: 'final',
        thought,
        answer: typeof input === 'string' ? input : JSON.stringify(input),
      };
    }
    return { type: 'action', thought, tool: name, input };
  }
  return undefined;
}
