import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageCountTokensParams } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../http-io';
import { estimateMessagesTokens } from './messages-count-tokens';

const photo = readFileSync(join(__dirname, 'fixtures', 'photo-3000x2000.jpg')).toString('base64');

describe('count_tokens fallback estimate', () => {
  const text: MessageCountTokensParams = {
    model: 'chat',
    system: 'You are terse.',
    messages: [{ role: 'user', content: 'Describe the picture in one line.' }],
  };

  it('counts an image by its pixels (3000×2000 → ~1,600 tokens), not its 49 KB of base64', () => {
    const withImage: MessageCountTokensParams = {
      ...text,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: photo } },
            { type: 'text', text: 'Describe the picture in one line.' },
          ],
        },
      ],
    };
    const plain = estimateMessagesTokens(text).input_tokens;
    const image = estimateMessagesTokens(withImage).input_tokens - plain;
    expect(photo.length).toBeGreaterThan(48_000);
    expect(image).toBe(1604);
  });

  it('grows with the text, counts tools and their template preamble, and needs no max_tokens', () => {
    const small = estimateMessagesTokens(text).input_tokens;
    const long = estimateMessagesTokens({
      ...text,
      messages: [{ role: 'user', content: 'word '.repeat(4000) }],
    }).input_tokens;
    const tools = estimateMessagesTokens({
      ...text,
      tools: [{ name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } }],
    }).input_tokens;
    expect(small).toBeGreaterThan(5);
    expect(long).toBeGreaterThan(4000);
    expect(tools - small).toBeGreaterThan(150);
  });

  it('refuses a bad body with a 400 naming the field', () => {
    expect(() =>
      estimateMessagesTokens({ model: 'chat', messages: [{ role: 'user', content: [{ type: 'x' }] }] }),
    ).toThrow(GatewayError);
    expect(() => estimateMessagesTokens({ messages: [] })).toThrow(/^model: /);
  });
});
