// Images in a prompt are vision tokens from their pixel size, never their base64 bytes: the
// likely estimate (routing, context-window fallback) and the worst case (budget reservations)
// of a 200 KB image, in the chat shape every dialect is translated to.
import { describe, expect, it } from 'vitest';
import { messagesToChatRequest } from '../../electron/core/gateway/dialects/anthropic-messages';
import { likelyTokens, promptSize } from '../../electron/core/gateway/token-estimate';
import { requestShape, worstCase } from '../../electron/core/gateway/worst-case';

/** A PNG of the given size: its signature and IHDR, then filler to reach `bytes`. */
function pngBase64(width: number, height: number, bytes: number): string {
  const b = Buffer.alloc(bytes, 7);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b.toString('base64');
}

const target = {
  name: 'vision',
  kind: 'endpoint' as const,
  provider: 'openai-compatible' as const,
  maxModelLen: null,
  inputCostPerToken: 1e-6,
  outputCostPerToken: 1e-6,
};

describe('images in the prompt estimate', () => {
  const data = pngBase64(1024, 768, 200_000);
  const chat = {
    model: 'chat',
    max_tokens: 100,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${data}` } },
        ],
      },
    ],
  };

  it('a 200 KB chat image is ~1,000 likely tokens, not the ~67,000 of its base64 text', () => {
    const likely = likelyTokens(promptSize(chat));
    expect(data.length).toBeGreaterThan(260_000);
    expect(likely).toBeGreaterThan(1000);
    expect(likely).toBeLessThan(1700);
  });

  it('an Anthropic image block, translated, counts the same', () => {
    const { chat: translated } = messagesToChatRequest({
      model: 'chat',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data } },
          ],
        },
      ],
    });
    const likely = likelyTokens(promptSize(translated as unknown as Record<string, unknown>));
    expect(likely).toBeLessThan(1700);
  });

  it('the worst case bounds a measured image by its patches even where the context is unknown', () => {
    const w = worstCase(requestShape('chat/completions', chat), target);
    expect(w.unbounded).toBeNull();
    // 1024×768 in 14-pixel patches: 74 × 55 = 4,070 tokens, plus text, template and output.
    expect(w.tokens).toBeGreaterThan(4070 + 100);
    expect(w.tokens).toBeLessThan(5000);
  });

  it('an image of unknown size (a remote URL) still cannot be bounded without the context', () => {
    const remote = {
      ...chat,
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }],
    };
    expect(worstCase(requestShape('chat/completions', remote), target).unbounded?.reason).toMatch(/image_url/);
  });
});
