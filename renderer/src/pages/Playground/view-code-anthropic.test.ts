import { describe, expect, it } from 'vitest';
import type { CodeRequest } from './view-code';
import { wireBody } from './view-code';
import { anthropicJsCode, anthropicPythonCode, messagesBody } from './view-code-anthropic';

const request: CodeRequest = {
  gatewayUrl: 'http://127.0.0.1:4000',
  model: 'chat',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is in it?', images: ['data:image/png;base64,iVBORw0KGgo='] },
    { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'look', arguments: '{"at":"x"}' }] },
    { role: 'tool', toolCallId: 'c1', content: 'a cat' },
  ],
  params: { temperature: 1.4, stop: ['END'], responseFormat: { type: 'json_object' } },
  tools: [{ type: 'function', function: { name: 'look', parameters: { type: 'object' } } }],
};

describe('view code: Anthropic SDK for /v1/messages', () => {
  it('writes the Messages shape: system apart, max_tokens, image, tool_use and tool_result blocks', () => {
    const body = messagesBody(request);
    expect(body).toMatchObject({
      model: 'chat',
      system: 'Be brief.',
      max_tokens: 1024,
      temperature: 1,
      stop_sequences: ['END'],
    });
    const turns = body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    expect(turns.map((t) => t.role)).toEqual(['user', 'assistant', 'user']);
    expect(turns[0].content[1]).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
    });
    expect(turns[1].content[0]).toEqual({ type: 'tool_use', id: 'c1', name: 'look', input: { at: 'x' } });
    expect(turns[2].content[0]).toEqual({ type: 'tool_result', tool_use_id: 'c1', content: 'a cat' });
    expect(body.tools).toEqual([{ name: 'look', input_schema: { type: 'object' } }]);
  });

  it('the samples use the SDKs against the gateway and say response_format does not apply', () => {
    const py = anthropicPythonCode(request);
    expect(py).toContain('anthropic.Anthropic(base_url="http://127.0.0.1:4000"');
    expect(py).toContain('client.messages.stream(');
    expect(py).toMatch(/# response_format has no \/v1\/messages equivalent/);
    const js = anthropicJsCode(request);
    expect(js).toContain("import Anthropic from '@anthropic-ai/sdk';");
    const json = js.slice(js.indexOf('stream(') + 7, js.lastIndexOf(');\nstream.on'));
    expect(JSON.parse(json)).toEqual(messagesBody(request));
  });

  it('the OpenAI body carries images as image_url parts and the response format', () => {
    const body = wireBody(request);
    const user = (body.messages as Array<{ content: unknown }>)[1].content;
    expect(user).toEqual([
      { type: 'text', text: 'What is in it?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
    ]);
    expect(body.response_format).toEqual({ type: 'json_object' });
  });
});
