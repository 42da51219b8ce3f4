import { describe, expect, it } from 'vitest';
import { callText, parseToolRequest, planToolCall, toolsPromptText, workingDirectoryIn } from './tool-calls';

const tool = (name: string, parameters: unknown = { type: 'object', properties: { q: { type: 'string' } } }) => ({
  type: 'function',
  function: { name, parameters },
});

describe('tool requests as vLLM reads them', () => {
  it('defaults tool_choice to auto when tools are offered, and to nothing without tools', () => {
    expect(parseToolRequest({ tools: [tool('a')] })?.choice).toBe('auto');
    expect(parseToolRequest({})).toBeNull();
    expect(parseToolRequest({ tools: [tool('a')], tool_choice: 'none' })?.choice).toBe('none');
    expect(
      parseToolRequest({ tools: [tool('a')], tool_choice: { type: 'function', function: { name: 'a' } } }),
    ).toEqual(expect.objectContaining({ choice: { name: 'a' } }));
  });

  it('refuses malformed choices with messages that say what to send', () => {
    expect(() => parseToolRequest({ tool_choice: 'auto' })).toThrow('`tools` must be set');
    expect(() => parseToolRequest({ tools: [tool('a')], tool_choice: 'sometimes' })).toThrow(/Invalid value/);
    expect(() => parseToolRequest({ tools: [tool('a')], tool_choice: { type: 'function' } })).toThrow(
      /Expected field `function`/,
    );
    expect(() => parseToolRequest({ tools: 'a' })).toThrow(/valid list/);
  });

  it('calls under auto only when the user spoke last; always when named or required', () => {
    const auto = parseToolRequest({ tools: [tool('a'), tool('b')] });
    expect(planToolCall(auto, 'user', 1, {})).not.toBeNull();
    expect(planToolCall(auto, 'tool', 1, {})).toBeNull();
    const required = parseToolRequest({ tools: [tool('a')], tool_choice: 'required' });
    expect(planToolCall(required, 'tool', 1, {})?.name).toBe('a');
    const none = parseToolRequest({ tools: [tool('a')], tool_choice: 'none' });
    expect(planToolCall(none, 'user', 1, {})).toBeNull();
  });

  it('prefers tools that only look, then a shell, and picks among them by seed', () => {
    const names = (tools: string[]) => {
      const req = parseToolRequest({ tools: tools.map((t) => tool(t)) });
      return [...new Set(Array.from({ length: 40 }, (_, s) => planToolCall(req, 'user', s, {})?.name))].sort();
    };
    expect(names(['Write', 'Bash', 'Read', 'Grep', 'WebFetch'])).toEqual(['Grep', 'Read']);
    expect(names(['apply_patch', 'shell', 'update_plan', 'view_image'])).toEqual(['shell']);
    expect(names(['apply_patch', 'update_plan'])).toEqual(['apply_patch', 'update_plan']);
  });

  it('fills required arguments only', () => {
    const req = parseToolRequest({
      tools: [
        tool('shell', {
          type: 'object',
          properties: { command: { type: 'array', items: { type: 'string' } }, workdir: { type: 'string' } },
          required: ['command'],
        }),
      ],
    });
    for (let s = 0; s < 10; s++)
      expect(JSON.parse(planToolCall(req, 'user', s, {})!.arguments)).toEqual({ command: ['ls'] });
  });

  it("writes each parser's markup around the arguments, and bare arguments under guided decoding", () => {
    const call = { id: 'x', name: 'f', arguments: '{"q": "a"}' };
    const joined = (t: { head: string; args: string; tail: string }) => t.head + t.args + t.tail;
    expect(joined(callText('hermes', call, 'auto'))).toBe(
      '<tool_call>\n{"name": "f", "arguments": {"q": "a"}}\n</tool_call>',
    );
    expect(joined(callText('llama3_json', call, 'auto'))).toBe('{"name": "f", "parameters": {"q": "a"}}');
    expect(callText('mistral', call, 'auto').head).toMatch(/^\[TOOL_CALLS\]/);
    expect(callText('openai', call, 'auto').tail).toBe('<|call|>');
    expect(callText('hermes', call, { name: 'f' })).toEqual({ head: '', args: call.arguments, tail: '' });
    expect(joined(callText('hermes', call, 'required'))).toBe('[{"name": "f", "parameters": {"q": "a"}}]');
  });

  it('puts the tools in the prompt and finds an agent working directory', () => {
    const req = parseToolRequest({ tools: [tool('Read')] });
    expect(toolsPromptText(req!.tools)).toContain('"name": "Read"');
    expect(workingDirectoryIn('env\nWorking directory: /home/a/b\nOS: linux')).toBe('/home/a/b');
    expect(workingDirectoryIn('<cwd>/srv/x</cwd>')).toBe('/srv/x');
    expect(workingDirectoryIn('no directory here')).toBeUndefined();
  });
});
