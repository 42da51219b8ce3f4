// The simulator's one tokenizer: usage, /metrics, /tokenize, prefix caching and the context-length
// check all count with it, so their figures always agree. Deterministic and lossless
// (decode(encode(s)) === s for any string), byte-fallback like the BPE tokenizers vLLM serves.
//
// Id layout: 0–255 bytes · 256–258 special tokens · words (4 spellings each) · 3-letter chunks.
import { VOCAB_WORDS } from './vocabulary';

export const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;
const SPECIAL_BASE = 256;
export const ENDOFTEXT_ID = SPECIAL_BASE;
export const IM_START_ID = SPECIAL_BASE + 1;
export const IM_END_ID = SPECIAL_BASE + 2;

const WORD_BASE = 300;
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const L = LETTERS.length;
const CHUNK_BASE = WORD_BASE + VOCAB_WORDS.length * 4;
/** Number of distinct 1-, 2- and 3-letter chunks; chunks with a leading space come after them. */
const CHUNK_SPAN = L + L * L + L * L * L;
export const VOCAB_SIZE = CHUNK_BASE + 2 * CHUNK_SPAN;

/** Spelling variant of a word token: 0 "word", 1 " word", 2 "Word", 3 " Word". */
export type WordVariant = 0 | 1 | 2 | 3;

const wordIds = new Map<string, number>();
const idStrings: string[] = [];
VOCAB_WORDS.forEach((word, index) => {
  const cap = word[0].toUpperCase() + word.slice(1);
  [word, ' ' + word, cap, ' ' + cap].forEach((spelling, variant) => {
    const id = WORD_BASE + index * 4 + variant;
    if (!wordIds.has(spelling)) wordIds.set(spelling, id);
    idStrings[id] = spelling;
  });
});

export function wordTokenId(wordIndex: number, variant: WordVariant): number {
  return WORD_BASE + wordIndex * 4 + variant;
}

const letterIndex = new Int16Array(128).fill(-1);
for (let i = 0; i < L; i++) letterIndex[LETTERS.charCodeAt(i)] = i;

function chunkId(text: string, from: number, to: number, space: boolean): number {
  let code = 0;
  for (let i = from; i < to; i++) code = code * L + letterIndex[text.charCodeAt(i)];
  const len = to - from;
  const offset = len === 1 ? 0 : len === 2 ? L : L + L * L;
  return CHUNK_BASE + (space ? CHUNK_SPAN : 0) + offset + code;
}

function chunkString(id: number): string {
  let rel = id - CHUNK_BASE;
  const space = rel >= CHUNK_SPAN;
  if (space) rel -= CHUNK_SPAN;
  let len = 1;
  if (rel >= L + L * L) {
    len = 3;
    rel -= L + L * L;
  } else if (rel >= L) {
    len = 2;
    rel -= L;
  }
  let out = '';
  for (let i = 0; i < len; i++) {
    out = LETTERS[rel % L] + out;
    rel = Math.floor(rel / L);
  }
  return space ? ' ' + out : out;
}

const encoder = new TextEncoder();
const PIECES = /<\|(?:endoftext|im_start|im_end)\|>| ?[A-Za-z]+|[^ A-Za-z<]+| (?![A-Za-z])|</g;

export function encode(text: string): number[] {
  const ids: number[] = [];
  PIECES.lastIndex = 0;
  for (let m = PIECES.exec(text); m; m = PIECES.exec(text)) {
    const piece = m[0];
    const first = piece.charCodeAt(0);
    if (piece.length > 2 && first === 60 /* < */ && piece.charCodeAt(1) === 124 /* | */) {
      ids.push(SPECIAL_BASE + SPECIAL_TOKENS.indexOf(piece as (typeof SPECIAL_TOKENS)[number]));
      continue;
    }
    const spaced = first === 32;
    const lettersFrom = spaced ? 1 : 0;
    if (piece.length > lettersFrom && letterIndex[piece.charCodeAt(lettersFrom)] >= 0) {
      const word = wordIds.get(piece);
      if (word !== undefined) {
        ids.push(word);
        continue;
      }
      for (let i = lettersFrom; i < piece.length; i += 3) {
        ids.push(chunkId(piece, i, Math.min(i + 3, piece.length), spaced && i === lettersFrom));
      }
      continue;
    }
    for (const byte of encoder.encode(piece)) ids.push(byte);
  }
  return ids;
}

export function countTokens(text: string): number {
  return encode(text).length;
}

export function isValidTokenId(id: number): boolean {
  return (
    Number.isInteger(id) && id >= 0 && id < VOCAB_SIZE && (id < SPECIAL_BASE + SPECIAL_TOKENS.length || id >= WORD_BASE)
  );
}

/** The text of one token; a lone byte that is not valid UTF-8 on its own shows as U+FFFD. */
export function tokenString(id: number): string {
  if (id < 256) return id < 128 ? String.fromCharCode(id) : '\ufffd';
  if (id < WORD_BASE) return SPECIAL_TOKENS[id - SPECIAL_BASE] ?? '';
  if (id < CHUNK_BASE) return idStrings[id];
  return chunkString(id);
}

export function decode(ids: ArrayLike<number>, skipSpecialTokens = false): string {
  let out = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += Buffer.from(bytes).toString('utf8');
    bytes = [];
  };
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 256) {
      bytes.push(id);
      continue;
    }
    flush();
    if (skipSpecialTokens && id < WORD_BASE) continue;
    out += tokenString(id);
  }
  flush();
  return out;
}
