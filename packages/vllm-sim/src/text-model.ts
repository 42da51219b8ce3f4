// The "model" of the simulator: for a seed it decides how long an answer is and which tokens it
// holds. Text is plain English-looking sentences made only of whole-word tokens, so re-encoding
// a reply gives back the same tokens (multi-turn prompts then hit the prefix cache as on vLLM).
import { Prng } from './prng';
import { VOCAB_WORDS } from './vocabulary';
import { wordTokenId } from './tokenizer';

const PERIOD = 46; // byte token '.'
const COMMA = 44; // byte token ','

/**
 * The natural length of an answer (tokens before end-of-sequence): log-normal around `mean`,
 * as real reply lengths are, and at least 1.
 */
export function sampleOutputLength(seed: number, mean: number): number {
  const prng = new Prng(seed ^ 0x5bd1e995);
  const sigma = 0.6;
  // exp(mu + sigma^2/2) = mean
  const mu = Math.log(Math.max(1, mean)) - (sigma * sigma) / 2;
  return Math.max(1, Math.round(Math.exp(mu + sigma * prng.normal())));
}

/** Produces token ids one at a time: sentences of 5–14 words, capitalised, with commas. */
export class TextGenerator {
  private readonly prng: Prng;
  private wordsLeftInSentence = 0;
  private emitted = 0;
  private pendingPeriod = false;
  private lastWasComma = false;

  constructor(seed: number) {
    this.prng = new Prng(seed);
  }

  next(): number {
    const first = this.emitted++ === 0;
    if (this.pendingPeriod) {
      this.pendingPeriod = false;
      return PERIOD;
    }
    const startSentence = this.wordsLeftInSentence === 0;
    if (startSentence) this.wordsLeftInSentence = this.prng.int(5, 14);
    this.wordsLeftInSentence--;
    if (this.wordsLeftInSentence === 0) this.pendingPeriod = true;
    else if (!startSentence && !this.lastWasComma && this.prng.next() < 0.06) {
      // A comma replaces a word now and then; the sentence keeps its length.
      this.lastWasComma = true;
      return COMMA;
    }
    this.lastWasComma = false;
    const word = this.prng.int(0, VOCAB_WORDS.length - 1);
    const variant = (first ? 0 : 1) + (startSentence ? 2 : 0);
    return wordTokenId(word, variant as 0 | 1 | 2 | 3);
  }
}
