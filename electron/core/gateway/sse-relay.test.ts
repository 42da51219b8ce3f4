import { describe, expect, it } from 'vitest';
import { SseRelay } from './sse-relay';

const chunk = (content: string) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const usage = `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } })}\n\n`;

describe('SseRelay', () => {
  it('passes events through whole even when bytes arrive split, and holds [DONE] back', () => {
    const relay = new SseRelay(true, () => 5);
    const stream = chunk('Hel') + chunk('lo') + chunk('!') + usage + 'data: [DONE]\n\n';
    let out = '';
    for (let i = 0; i < stream.length; i += 7) out += relay.push(stream.slice(i, i + 7));
    expect(out).toBe(chunk('Hel') + chunk('lo') + chunk('!') + usage);
    expect(relay.end()).toBe('data: [DONE]\n\n');
    expect(relay.usage).toMatchObject({
      promptTokens: 12,
      completionTokens: 3,
      exact: true,
      finished: true,
      firstChunkAt: 5,
    });
  });

  it('drops the usage chunk the client did not ask for, but still counts it', () => {
    const relay = new SseRelay(false, () => 0);
    const out = relay.push(chunk('a') + usage + 'data: [DONE]\n\n');
    expect(out).toBe(chunk('a'));
    expect(relay.usage.completionTokens).toBe(3);
  });

  it('counts content chunks when the stream breaks before its usage chunk', () => {
    const relay = new SseRelay(false, () => 0);
    relay.push(chunk('a') + chunk('b') + chunk('c') + chunk('d').slice(0, 10));
    expect(relay.usage).toMatchObject({ completionTokens: 3, exact: false, finished: false });
  });

  it('handles CRLF framing', () => {
    const relay = new SseRelay(true, () => 0);
    expect(relay.push('data: {"choices":[{"delta":{"content":"x"}}]}\r\n\r\n')).toContain('"x"');
    expect(relay.usage.completionTokens).toBe(1);
  });

  it('forwards a chunk of whole events as the very text it came in', () => {
    const relay = new SseRelay(true, () => 0);
    // Spellings a rewrite would change: no space after the colon, a retry field, an id.
    const raw = 'retry: 1000\nid: 7\ndata:{"choices":[{"delta":{"content":"x"}}]}\n\n: keep-alive\n\n';
    expect(relay.push(raw)).toBe(raw);
    expect(relay.usage.completionTokens).toBe(1);
  });

  it('counts one token per choice that carries text, event after event (n > 1)', () => {
    const relay = new SseRelay(true, () => 0);
    const choices = (...contents: string[]) =>
      `data: ${JSON.stringify({ choices: contents.map((content, index) => ({ index, delta: { content } })) })}\n\n`;
    relay.push(choices('a', 'b', 'c'));
    expect(relay.usage.completionTokens).toBe(3);
    relay.push(choices('d', '', 'e') + choices('', '', ''));
    relay.push(choices('f'));
    expect(relay.usage.completionTokens).toBe(6);
  });

  it('counts tokens from OpenAI-style chunks that carry "usage": null, and from completions text', () => {
    const relay = new SseRelay(true, () => 0);
    const openAi = (content: string) =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }], usage: null })}\n\n`;
    relay.push(openAi('') + openAi('a') + openAi('"quoted"') + openAi('b'));
    relay.push(`data: ${JSON.stringify({ choices: [{ index: 0, text: 'c', logprobs: null }] })}\n\n`);
    expect(relay.usage).toMatchObject({ completionTokens: 4, exact: false });
  });

  it('writes events back whole when a chunk ends inside one, then forwards verbatim again', () => {
    const relay = new SseRelay(true, () => 0);
    const a = chunk('a');
    const b = chunk('b');
    expect(relay.push(a + b.slice(0, 12))).toBe(a);
    expect(relay.push(b.slice(12))).toBe(b);
    expect(relay.push(chunk('c'))).toBe(chunk('c'));
  });
});
