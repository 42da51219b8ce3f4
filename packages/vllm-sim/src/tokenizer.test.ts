import { describe, expect, it } from 'vitest';
import {
  countTokens,
  decode,
  encode,
  ENDOFTEXT_ID,
  IM_END_ID,
  IM_START_ID,
  isValidTokenId,
  tokenString,
  VOCAB_SIZE,
} from './tokenizer';
import { TextGenerator, sampleOutputLength } from './text-model';

describe('tokenizer', () => {
  it('round-trips any text, including unicode, digits, whitespace and special tokens', () => {
    const samples = [
      'Hello, world!',
      '  two  spaces and\ttabs\n\nnew lines ',
      'Zürich — naïve café 東京 🚀',
      'x=42; y = 3.14159 <not special> <|im_start|>user\nhi<|im_end|>\n',
      'supercalifragilisticexpialidocious Antidisestablishmentarianism',
      '',
    ];
    for (const text of samples) expect(decode(encode(text))).toBe(text);
  });

  it('counts a common word with its leading space as one token, and chunks unknown words', () => {
    expect(encode(' the')).toHaveLength(1);
    expect(encode('The')).toHaveLength(1);
    expect(countTokens('the model can answer the request')).toBe(6);
    // 'xylophones' is not in the vocabulary: 3-letter chunks (xyl, oph, one, s).
    expect(encode(' xylophones')).toHaveLength(4);
    expect(encode('<|im_start|>')).toEqual([IM_START_ID]);
  });

  it('gives realistic counts for English prose (about 4-5 characters a token)', () => {
    const prose =
      'Switchyard deploys vLLM in containers on local or remote hosts, and one gateway fronts those deployments and cloud providers with fallback chains, virtual keys and budgets.';
    const ratio = prose.length / countTokens(prose);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(6);
  });

  it('validates token ids and names special tokens', () => {
    expect(isValidTokenId(0)).toBe(true);
    expect(isValidTokenId(VOCAB_SIZE - 1)).toBe(true);
    expect(isValidTokenId(VOCAB_SIZE)).toBe(false);
    expect(isValidTokenId(-1)).toBe(false);
    expect(isValidTokenId(1.5)).toBe(false);
    expect(tokenString(IM_END_ID)).toBe('<|im_end|>');
    expect(decode([ENDOFTEXT_ID, ...encode(' ok')], true)).toBe(' ok');
  });
});

describe('text model', () => {
  it('generates text whose re-encoding gives back the same tokens (prefix caching relies on it)', () => {
    for (const seed of [1, 2, 3, 99, 12345]) {
      const gen = new TextGenerator(seed);
      const ids = Array.from({ length: 200 }, () => gen.next());
      expect(encode(decode(ids))).toEqual(ids);
      expect(decode(ids)).toMatch(/^[A-Z][a-z]+/);
      expect(decode(ids)).not.toContain(',,');
    }
  });

  it('is deterministic per seed and varies across seeds', () => {
    const take = (seed: number) => {
      const g = new TextGenerator(seed);
      return Array.from({ length: 30 }, () => g.next());
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  it('samples answer lengths around the requested mean', () => {
    const lengths = Array.from({ length: 2000 }, (_, i) => sampleOutputLength(i * 7919, 100));
    const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
    expect(mean).toBeGreaterThan(85);
    expect(mean).toBeLessThan(115);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(1);
    expect(sampleOutputLength(5, 100)).toBe(sampleOutputLength(5, 100));
  });
});
