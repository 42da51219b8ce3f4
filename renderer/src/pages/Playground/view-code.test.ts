import { describe, expect, it } from 'vitest';
import { curlCode, jsCode, pythonCode, wireBody, type CodeRequest } from './view-code';

const request: CodeRequest = {
  gatewayUrl: 'http://127.0.0.1:4000',
  model: 'chat',
  messages: [
    { role: 'system', content: "You're terse." },
    { role: 'user', content: 'Weather in Paris?' },
    {
      role: 'assistant',
      content: '',
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    },
    { role: 'tool', toolCallId: 'call_1', content: 'sunny' },
  ],
  params: { temperature: 0.2, maxTokens: 64, stop: ['END'] },
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', required: [] } } }],
};

describe('view code', () => {
  it('sends the OpenAI wire shape', () => {
    const body = wireBody(request);
    expect(body).toMatchObject({ model: 'chat', temperature: 0.2, max_tokens: 64, stop: ['END'], stream: true });
    expect((body.messages as Array<Record<string, unknown>>)[2].tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    ]);
    expect((body.messages as Array<Record<string, unknown>>)[3].tool_call_id).toBe('call_1');
  });

  it('curl quotes the body for a POSIX shell, a quote in the text included', () => {
    const code = curlCode(request);
    expect(code).toContain('http://127.0.0.1:4000/v1/chat/completions');
    expect(code).toContain(`You'\\''re terse.`);
    const quoted = code.slice(code.indexOf("-d '") + 4, code.lastIndexOf("'"));
    expect(JSON.parse(quoted.replaceAll(`'\\''`, "'"))).toEqual(wireBody(request));
  });

  it('Python spells JSON the Python way and JS parses back to the body', () => {
    const py = pythonCode(request);
    expect(py).toContain('base_url="http://127.0.0.1:4000/v1"');
    expect(py).toContain('"required": []');
    expect(py).toContain('stream=True');
    expect(py).not.toMatch(/\btrue\b|\bnull\b/);
    const js = jsCode(request);
    const json = js.slice(js.indexOf('create(') + 7, js.indexOf(');\nfor await'));
    expect(JSON.parse(json)).toEqual(wireBody(request));
  });
});
