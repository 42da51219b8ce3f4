// "View code" for the gateway's Anthropic route (/v1/messages): the same request with the official
// Anthropic SDKs (Python and TypeScript). The Messages shape differs from chat completions: the
// system prompt is a top-level field, max_tokens is required, tool calls are tool_use blocks and
// their results tool_result blocks in a user message, images are base64 image blocks.
// response_format has no Messages equivalent: it is left out, with a comment saying so.
import type { PlaygroundMessage } from '../../../../shared/contract-playground';
import { type CodeRequest, indent, pythonLiteral } from './view-code';

type Block = Record<string, unknown>;

function imageBlock(url: string): Block {
  const match = /^data:([^;]+);base64,(.*)$/.exec(url);
  return match
    ? { type: 'image', source: { type: 'base64', media_type: match[1], data: match[2] } }
    : { type: 'image', source: { type: 'url', url } };
}

function blocksOf(m: PlaygroundMessage): Block[] | string {
  if (m.role === 'tool') return [{ type: 'tool_result', tool_use_id: m.toolCallId ?? '', content: m.content }];
  if (m.role === 'assistant' && m.toolCalls?.length) {
    const calls = m.toolCalls.map((c) => {
      let input: unknown = {};
      try {
        input = JSON.parse(c.arguments || '{}');
      } catch {
        input = { arguments: c.arguments };
      }
      return { type: 'tool_use', id: c.id, name: c.name, input };
    });
    return m.content ? [{ type: 'text', text: m.content }, ...calls] : calls;
  }
  if (m.images?.length) return [...(m.content ? [{ type: 'text', text: m.content }] : []), ...m.images.map(imageBlock)];
  return m.content;
}

/** The Messages body: system apart, consecutive same-role messages (tool results) merged into one turn. */
export function messagesBody(r: CodeRequest): Record<string, unknown> {
  const system = r.messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  const turns: Array<{ role: 'user' | 'assistant'; content: Block[] | string }> = [];
  for (const m of r.messages) {
    if (m.role === 'system') continue;
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const content = blocksOf(m);
    const last = turns[turns.length - 1];
    if (last && last.role === role) {
      const asBlocks = (c: Block[] | string): Block[] => (typeof c === 'string' ? [{ type: 'text', text: c }] : c);
      last.content = [...asBlocks(last.content), ...asBlocks(content)];
    } else turns.push({ role, content });
  }
  const p = r.params;
  const body: Record<string, unknown> = { model: r.model, max_tokens: p.maxTokens ?? 1024 };
  if (system) body.system = system;
  body.messages = turns;
  if (p.temperature !== undefined) body.temperature = Math.min(1, p.temperature);
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.stop?.length) body.stop_sequences = p.stop;
  if (r.tools?.length)
    body.tools = r.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      input_schema: t.function.parameters ?? { type: 'object', properties: {} },
    }));
  return body;
}

const formatNote = (r: CodeRequest, comment: string) =>
  r.params.responseFormat
    ? [`${comment} response_format has no /v1/messages equivalent: ask for JSON in the prompt.`]
    : [];

export function anthropicPythonCode(r: CodeRequest): string {
  const { model: _model, ...rest } = messagesBody(r);
  const args = Object.entries(rest)
    .map(([k, v]) => `    ${k}=${indent(pythonLiteral(v, 1), '')},`)
    .join('\n');
  return [
    'import os',
    'import anthropic',
    '',
    `client = anthropic.Anthropic(base_url="${r.gatewayUrl}", api_key=os.environ["SWITCHYARD_API_KEY"])`,
    ...formatNote(r, '#'),
    'with client.messages.stream(',
    `    model=${JSON.stringify(r.model)},`,
    args,
    ') as stream:',
    '    for text in stream.text_stream:',
    '        print(text, end="", flush=True)',
  ].join('\n');
}

export function anthropicJsCode(r: CodeRequest): string {
  return [
    "import Anthropic from '@anthropic-ai/sdk';",
    '',
    `const client = new Anthropic({ baseURL: '${r.gatewayUrl}', apiKey: process.env.SWITCHYARD_API_KEY });`,
    ...formatNote(r, '//'),
    `const stream = client.messages.stream(${JSON.stringify(messagesBody(r), null, 2)});`,
    "stream.on('text', (text) => process.stdout.write(text));",
    'await stream.finalMessage();',
  ].join('\n');
}
