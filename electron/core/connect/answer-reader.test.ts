// Test answers read in each dialect, whole and streamed: text, tool calls, thinking, errors.
import { describe, expect, it } from 'vitest';
import { answerLine, firstWords, readAnswer } from './answer-reader';

const sse = (events: [string | null, unknown][]) =>
  events
    .map(
      ([name, data]) =>
        `${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
    )
    .join('');

describe('answer reader', () => {
  it('chat: whole and streamed text, a streamed tool call, reasoning when that is all', () => {
    const whole = readAnswer(
      'openai-chat',
      JSON.stringify({ choices: [{ message: { content: 'Hello there.' } }] }),
      false,
    );
    expect(answerLine(whole)).toBe('Hello there.');
    const stream = sse([
      [null, { choices: [{ delta: { role: 'assistant', content: '' } }] }],
      [
        null,
        { choices: [{ delta: { tool_calls: [{ index: 0, function: { name: 'Read', arguments: '{"file_' } }] } }] },
      ],
      [null, { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: 'path":"/a"}' } }] } }] }],
      [null, '[DONE]'],
    ]);
    expect(answerLine(readAnswer('openai-chat', stream, true))).toBe('tool call Read({"file_path":"/a"})');
    const thinking = readAnswer(
      'openai-chat',
      sse([[null, { choices: [{ delta: { reasoning_content: 'Let me think' } }] }]]),
      true,
    );
    expect(answerLine(thinking)).toBe('(thinking only) Let me think');
  });

  it("Anthropic Messages: the event sequence's text and tool_use, and an error event mid-stream", () => {
    const stream = sse([
      ['message_start', { type: 'message_start', message: { usage: { input_tokens: 5 } } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi ' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'there' } }],
      [
        'content_block_start',
        { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', name: 'Read' } },
      ],
      [
        'content_block_delta',
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{}' } },
      ],
      ['message_stop', { type: 'message_stop' }],
    ]);
    expect(answerLine(readAnswer('anthropic-messages', stream, true))).toBe('Hi there · then tool call Read({})');
    const failed = sse([['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]]);
    expect(readAnswer('anthropic-messages', failed, true).error).toBe('Overloaded');
    const whole = {
      content: [
        { type: 'thinking', thinking: 'hmm' },
        { type: 'text', text: 'Done.' },
      ],
    };
    expect(answerLine(readAnswer('anthropic-messages', JSON.stringify(whole), false))).toBe('Done.');
  });

  it('Responses: output text deltas, a function call, and response.failed', () => {
    const stream = sse([
      ['response.created', { type: 'response.created', sequence_number: 0 }],
      [
        'response.output_item.added',
        { type: 'response.output_item.added', item: { type: 'function_call', name: 'shell' } },
      ],
      [
        'response.function_call_arguments.delta',
        { type: 'response.function_call_arguments.delta', delta: '{"command":["ls"]}' },
      ],
      ['response.completed', { type: 'response.completed' }],
    ]);
    expect(answerLine(readAnswer('openai-responses', stream, true))).toBe('tool call shell({"command":["ls"]})');
    const failed = sse([
      ['response.failed', { type: 'response.failed', response: { error: { message: 'target down' } } }],
    ]);
    expect(readAnswer('openai-responses', failed, true).error).toBe('target down');
    const whole = { output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hello.' }] }] };
    expect(answerLine(readAnswer('openai-responses', JSON.stringify(whole), false))).toBe('Hello.');
  });

  it('keeps the first words, and says when a body is not JSON or empty', () => {
    expect(firstWords(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '), 3)).toBe('w0 w1 w2…');
    expect(readAnswer('openai-chat', '<html>', false).error).toBe('The answer is not JSON.');
    expect(answerLine(readAnswer('openai-chat', JSON.stringify({ choices: [] }), false))).toBeNull();
  });
});
