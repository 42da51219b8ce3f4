// "Replay in Playground": a stored request body (body capture) turned into a Playground
// conversation — its model group, system prompt, sampling settings and tools, the earlier turns
// with their answers — and the last user message left in the composer, unsent.
import type { CapturedBodies } from '../../../../shared/contract-capture';
import {
  DEFAULT_SETTINGS,
  emptyAnswer,
  newConversation,
  type PlaygroundConversation,
  type PlaygroundTurn,
} from '../../store/playground-model';

export type Replay = { ok: true; conversation: PlaygroundConversation; draft: string } | { ok: false; reason: string };

const ROUTES = ['chat/completions', 'messages'];

/** The text of a message's content: a string, or the text parts of an array. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part && typeof part === 'object' && typeof part.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join('\n');
}

const numberText = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

export function replayOf(bodies: CapturedBodies, requestId: string): Replay {
  if (!ROUTES.includes(bodies.route))
    return { ok: false, reason: `The Playground replays chat requests; this one came in on ${bodies.route}.` };
  if (bodies.request.truncated)
    return { ok: false, reason: 'The stored request was cut at the capture size cap, so it cannot be replayed whole.' };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(bodies.request.text) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'The stored request is not JSON.' };
  }
  if (typeof body.model !== 'string' || !Array.isArray(body.messages))
    return { ok: false, reason: 'The stored request has no model or messages.' };
  const target = body.model;
  const system: string[] = typeof body.system === 'string' ? [body.system] : body.system ? [textOf(body.system)] : [];
  const turns: PlaygroundTurn[] = [];
  let draft = '';
  for (const m of body.messages as Array<{ role?: unknown; content?: unknown }>) {
    const text = textOf(m?.content);
    if (m?.role === 'system' || m?.role === 'developer') system.push(text);
    else if (m?.role === 'user') {
      if (draft) turns.push({ user: draft, answers: [] });
      draft = text;
    } else if (m?.role === 'assistant') {
      turns.push({
        user: draft,
        answers: [{ ...emptyAnswer(target), content: text, state: 'finished', finishReason: 'stop' }],
      });
      draft = '';
    }
  }
  const stop = Array.isArray(body.stop) ? body.stop : typeof body.stop === 'string' ? [body.stop] : [];
  const conversation: PlaygroundConversation = {
    ...newConversation([target]),
    title: `Replay of ${requestId.slice(0, 24)}`,
    settings: {
      ...DEFAULT_SETTINGS,
      system: system.filter(Boolean).join('\n\n'),
      temperature: numberText(body.temperature),
      topP: numberText(body.top_p),
      maxTokens: numberText(body.max_tokens ?? body.max_completion_tokens),
      seed: numberText(body.seed),
      stop: stop.filter((s) => typeof s === 'string').join('\n'),
      tools: Array.isArray(body.tools) && body.tools.length ? JSON.stringify(body.tools, null, 2) : '',
    },
    turns,
  };
  return { ok: true, conversation, draft };
}
