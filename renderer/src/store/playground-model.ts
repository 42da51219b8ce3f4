// The Playground's conversation as the page keeps it: one system prompt, parameters and tools, one
// to four targets (compare), and turns — each user message followed by one answer per target.
// Each target sees its own history (its own earlier answers). Pure: the slice applies events with
// these functions, and the same JSON is what conversations.save keeps.
import type {
  PlaygroundFigures,
  PlaygroundMessage,
  PlaygroundParams,
  PlaygroundRequest,
  PlaygroundTool,
  PlaygroundToolCall,
} from '../../../shared/contract-playground';
import type { EventPayload } from '../../../shared/contract';

export const MAX_TARGETS = 4;

export interface PlaygroundAnswer {
  runId: string;
  target: string;
  content: string;
  reasoning: string;
  toolCalls: PlaygroundToolCall[];
  state: 'streaming' | 'finished' | 'stopped' | 'failed';
  error: string | null;
  finishReason: string | null;
  figures: PlaygroundFigures | null;
}

export interface PlaygroundTurn {
  user: string;
  /** Images pasted or dropped with the message (data URLs), for vision models. */
  images?: string[];
  answers: PlaygroundAnswer[];
}

export interface PlaygroundSettings {
  system: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  seed: string;
  /** One stop sequence per line. */
  stop: string;
  /** The tools box: a JSON array of OpenAI function tools, or empty. */
  tools: string;
  /** response_format: none (''), any JSON object, or JSON matching `jsonSchema`. */
  responseFormat?: '' | 'json_object' | 'json_schema';
  /** The JSON schema box (a JSON object) for json_schema. */
  jsonSchema?: string;
}

export interface PlaygroundConversation {
  id: string;
  title: string;
  targets: string[];
  settings: PlaygroundSettings;
  turns: PlaygroundTurn[];
}

export const DEFAULT_SETTINGS: PlaygroundSettings = {
  system: '',
  temperature: '0.7',
  topP: '',
  maxTokens: '256',
  seed: '',
  stop: '',
  tools: '',
  responseFormat: '',
  jsonSchema: '',
};

export function newId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

export function newConversation(targets: string[]): PlaygroundConversation {
  return { id: newId(), title: 'New conversation', targets, settings: { ...DEFAULT_SETTINGS }, turns: [] };
}

/** A problem with the settings, said per field, or the parameters and tools to send. */
export function parseSettings(
  s: PlaygroundSettings,
):
  | { ok: true; params: PlaygroundParams; tools: PlaygroundTool[] | undefined }
  | { ok: false; field: string; message: string } {
  const params: PlaygroundParams = {};
  const num = (field: 'temperature' | 'topP' | 'maxTokens' | 'seed', min: number, max: number, int: boolean) => {
    const raw = s[field].trim();
    if (!raw) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max || (int && !Number.isInteger(value)))
      throw { field, message: `${int ? 'a whole number' : 'a number'} from ${min} to ${max}` };
    return value;
  };
  try {
    params.temperature = num('temperature', 0, 2, false);
    params.topP = num('topP', 0.01, 1, false);
    params.maxTokens = num('maxTokens', 1, 1_000_000, true);
    params.seed = num('seed', 0, 2 ** 31 - 1, true);
  } catch (problem) {
    return { ok: false, ...(problem as { field: string; message: string }) };
  }
  const stop = s.stop
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
  if (stop.length > 4) return { ok: false, field: 'stop', message: 'at most 4 stop sequences' };
  if (stop.length) params.stop = stop;
  for (const key of Object.keys(params) as (keyof PlaygroundParams)[])
    if (params[key] === undefined) delete params[key];
  if (s.responseFormat === 'json_object') params.responseFormat = { type: 'json_object' };
  if (s.responseFormat === 'json_schema') {
    let schema: unknown;
    try {
      schema = JSON.parse(s.jsonSchema ?? '');
    } catch (err) {
      return { ok: false, field: 'jsonSchema', message: `not JSON: ${(err as Error).message}` };
    }
    if (!schema || typeof schema !== 'object' || Array.isArray(schema))
      return { ok: false, field: 'jsonSchema', message: 'a JSON schema object, e.g. {"type": "object", …}' };
    params.responseFormat = { type: 'json_schema', name: 'response', schema: schema as Record<string, unknown> };
  }
  if (!s.tools.trim()) return { ok: true, params, tools: undefined };
  let tools: unknown;
  try {
    tools = JSON.parse(s.tools);
  } catch (err) {
    return { ok: false, field: 'tools', message: `not JSON: ${(err as Error).message}` };
  }
  const list = Array.isArray(tools) ? tools : [tools];
  for (const [i, t] of list.entries()) {
    const tool = t as { type?: unknown; function?: { name?: unknown } };
    if (tool?.type !== 'function' || typeof tool.function?.name !== 'string')
      return {
        ok: false,
        field: 'tools',
        message: `tool ${i + 1}: {"type": "function", "function": {"name": …}} expected`,
      };
  }
  return { ok: true, params, tools: list as PlaygroundTool[] };
}

/** What target `index` is sent: the system prompt, then each turn's user message and its own answer. */
export function messagesFor(c: PlaygroundConversation, index: number, upToTurn = c.turns.length): PlaygroundMessage[] {
  const messages: PlaygroundMessage[] = [];
  if (c.settings.system.trim()) messages.push({ role: 'system', content: c.settings.system });
  c.turns.slice(0, upToTurn).forEach((turn, t) => {
    messages.push({ role: 'user', content: turn.user, ...(turn.images?.length ? { images: turn.images } : {}) });
    const answer = turn.answers[index];
    // The turn being asked (the last one) has no answer to send yet.
    if (!answer || t === upToTurn - 1) return;
    if (answer.content || answer.toolCalls.length)
      messages.push({
        role: 'assistant',
        content: answer.content,
        ...(answer.toolCalls.length ? { toolCalls: answer.toolCalls } : {}),
      });
    // A tool call must be answered before the next user turn; the Playground runs no tools.
    for (const call of answer.toolCalls)
      messages.push({ role: 'tool', toolCallId: call.id, content: '(the Playground does not run tools)' });
  });
  return messages;
}

/** The requests of the conversation's last turn, one per target. */
export function requestsForLastTurn(
  c: PlaygroundConversation,
  params: PlaygroundParams,
  tools: PlaygroundTool[] | undefined,
  apiKey?: string,
): PlaygroundRequest[] {
  const turn = c.turns[c.turns.length - 1];
  return turn.answers.map((answer, i) => ({
    runId: answer.runId,
    model: answer.target,
    messages: messagesFor(c, i),
    params,
    ...(tools ? { tools } : {}),
    ...(apiKey ? { apiKey } : {}),
  }));
}

export function emptyAnswer(target: string): PlaygroundAnswer {
  return {
    runId: newId(),
    target,
    content: '',
    reasoning: '',
    toolCalls: [],
    state: 'streaming',
    error: null,
    finishReason: null,
    figures: null,
  };
}

function updateAnswer(
  c: PlaygroundConversation,
  runId: string,
  update: (a: PlaygroundAnswer) => PlaygroundAnswer,
): PlaygroundConversation {
  let changed = false;
  const turns = c.turns.map((turn) => {
    if (!turn.answers.some((a) => a.runId === runId)) return turn;
    changed = true;
    return { ...turn, answers: turn.answers.map((a) => (a.runId === runId ? update(a) : a)) };
  });
  return changed ? { ...c, turns } : c;
}

/** Appends a delta: text and reasoning, and tool-call pieces by their index (name and id once, arguments appended). */
export function applyDelta(c: PlaygroundConversation, d: EventPayload<'playground.delta'>): PlaygroundConversation {
  return updateAnswer(c, d.runId, (a) => {
    const toolCalls = a.toolCalls.map((t) => ({ ...t }));
    for (const piece of d.toolCalls) {
      const slot = toolCalls[piece.index] ?? { id: piece.id ?? `call_${piece.index}`, name: '', arguments: '' };
      if (piece.id) slot.id = piece.id;
      if (piece.name) slot.name = slot.name || piece.name;
      slot.arguments += piece.arguments;
      toolCalls[piece.index] = slot;
    }
    return {
      ...a,
      content: a.content + d.content,
      reasoning: a.reasoning + d.reasoning,
      toolCalls: toolCalls.filter(Boolean),
    };
  });
}

export function applyDone(c: PlaygroundConversation, d: EventPayload<'playground.done'>): PlaygroundConversation {
  return updateAnswer(c, d.runId, (a) => ({
    ...a,
    state: d.outcome,
    error: d.error,
    finishReason: d.finishReason,
    figures: d.figures,
  }));
}

export function isStreaming(c: PlaygroundConversation): boolean {
  return c.turns.some((t) => t.answers.some((a) => a.state === 'streaming'));
}

/** A title from the first user message. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'New conversation';
}
