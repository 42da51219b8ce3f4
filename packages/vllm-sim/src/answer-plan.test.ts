import { describe, expect, it } from 'vitest';
import { AnswerReader, planAnswer } from './answer-plan';
import { reasoningMarkers } from './reasoning';
import { decode, tokenString } from './tokenizer';
import { callText } from './tool-calls';

const call = { id: 'chatcmpl-tool-1', name: 'f', arguments: '{"q": "a b"}' };

/** Feeds the plan's tokens one by one, as the engine emits them, and collects the reader's deltas. */
function stream(reader: AnswerReader) {
  let text = '';
  const got = { reasoning: '', content: '', args: '', starts: [] as number[] };
  reader.plan.ids.forEach((id, i) => {
    const from = text.length;
    text += tokenString(id);
    const d = reader.read(from, text.length);
    got.reasoning += d.reasoning;
    got.content += d.content;
    got.args += d.args;
    if (d.callStarted) got.starts.push(i);
  });
  return { text, got };
}

describe('answer plans', () => {
  it('splits thinking, markup and content back out of the streamed tokens', () => {
    const plan = planAnswer({ seed: 1, outputLenMean: 20, reasoning: reasoningMarkers('qwen3') });
    const reader = new AnswerReader(plan);
    const { text, got } = stream(reader);
    expect(text).toBe(decode(plan.ids));
    expect(text.startsWith('<think>\n')).toBe(true);
    const message = reader.message(text.length);
    expect(got.reasoning).toBe(message.reasoning);
    expect(got.content).toBe(message.content);
    expect(text).toBe(`<think>\n${got.reasoning}\n</think>\n\n${got.content}`);
    expect(reader.reasoningTokens(plan.ids.length)).toBeGreaterThan(0);
    expect(reader.reasoningTokens(3)).toBe(0); // the first tokens are the <think> markup
  });

  it('starts a call once its head is written and streams exactly its arguments', () => {
    const plan = planAnswer({ seed: 1, outputLenMean: 20, call: { call, text: callText('hermes', call, 'auto') } });
    const reader = new AnswerReader(plan);
    const { text, got } = stream(reader);
    expect(got.args).toBe(call.arguments);
    expect(got.starts).toHaveLength(1);
    expect(got.content).toBe('');
    expect(reader.message(text.length)).toEqual({ reasoning: null, content: null, call });
    // Cut short, the call does not parse and its text comes back as content.
    const cut = reader.message(text.length - 3);
    expect(cut.call).toBeNull();
    expect(text.startsWith(cut.content!)).toBe(true);
  });

  it('writes the same text as the unscripted engine for a plain answer', () => {
    const a = planAnswer({ seed: 42, outputLenMean: 30 });
    const b = planAnswer({ seed: 42, outputLenMean: 30 });
    expect(a.ids).toEqual(b.ids);
    expect(a.parts.map((p) => p.kind)).toEqual(['content']);
  });
});
