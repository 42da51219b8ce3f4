// "View code": the Playground's next request as an app would send it to the gateway — curl, Python
// and JavaScript with the official OpenAI SDKs. The key is left as an environment variable: the
// Playground's own key never leaves the core.
import type { PlaygroundMessage, PlaygroundParams, PlaygroundTool } from '../../../../shared/contract-playground';

export interface CodeRequest {
  gatewayUrl: string;
  model: string;
  messages: PlaygroundMessage[];
  params: PlaygroundParams;
  tools?: PlaygroundTool[];
}

/** The chat body in the OpenAI wire shape (snake_case), streamed. */
export function wireBody(r: CodeRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: r.model,
    messages: r.messages.map((m) => ({
      role: m.role,
      content: m.images?.length
        ? [
            ...(m.content ? [{ type: 'text', text: m.content }] : []),
            ...m.images.map((url) => ({ type: 'image_url', image_url: { url } })),
          ]
        : m.content,
      ...(m.toolCalls?.length
        ? {
            tool_calls: m.toolCalls.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : {}),
      ...(m.toolCallId ? { tool_call_id: m.toolCallId } : {}),
    })),
  };
  const p = r.params;
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.maxTokens !== undefined) body.max_tokens = p.maxTokens;
  if (p.seed !== undefined) body.seed = p.seed;
  if (p.stop?.length) body.stop = p.stop;
  if (r.tools?.length) body.tools = r.tools;
  const format = p.responseFormat;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema')
    body.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema } };
  body.stream = true;
  return body;
}

export const indent = (text: string, by: string) => text.replaceAll('\n', `\n${by}`);

/** JSON as a Python literal (true/false/null spelled the Python way). */
export function pythonLiteral(value: unknown, depth = 0): string {
  const pad = '    '.repeat(depth + 1);
  const end = '    '.repeat(depth);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value))
    return value.length ? `[\n${value.map((v) => pad + pythonLiteral(v, depth + 1)).join(',\n')},\n${end}]` : '[]';
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length
    ? `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonLiteral(v, depth + 1)}`).join(',\n')},\n${end}}`
    : '{}';
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

export function curlCode(r: CodeRequest): string {
  return [
    `curl ${r.gatewayUrl}/v1/chat/completions \\`,
    '  -H "Authorization: Bearer $SWITCHYARD_API_KEY" \\',
    '  -H "Content-Type: application/json" \\',
    `  -d ${shellQuote(JSON.stringify(wireBody(r), null, 2))}`,
  ].join('\n');
}

export function pythonCode(r: CodeRequest): string {
  const { model: _model, stream: _stream, ...rest } = wireBody(r);
  const args = Object.entries(rest)
    .map(([k, v]) => `    ${k}=${indent(pythonLiteral(v, 1), '')},`)
    .join('\n');
  return [
    'import os',
    'from openai import OpenAI',
    '',
    `client = OpenAI(base_url="${r.gatewayUrl}/v1", api_key=os.environ["SWITCHYARD_API_KEY"])`,
    'stream = client.chat.completions.create(',
    `    model=${JSON.stringify(r.model)},`,
    args,
    '    stream=True,',
    ')',
    'for chunk in stream:',
    '    if chunk.choices and chunk.choices[0].delta.content:',
    '        print(chunk.choices[0].delta.content, end="", flush=True)',
  ].join('\n');
}

export function jsCode(r: CodeRequest): string {
  return [
    "import OpenAI from 'openai';",
    '',
    `const client = new OpenAI({ baseURL: '${r.gatewayUrl}/v1', apiKey: process.env.SWITCHYARD_API_KEY });`,
    `const stream = await client.chat.completions.create(${indent(JSON.stringify(wireBody(r), null, 2), '')});`,
    'for await (const chunk of stream) {',
    "  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');",
    '}',
  ].join('\n');
}
