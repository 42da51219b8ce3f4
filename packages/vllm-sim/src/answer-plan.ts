// The whole answer of one choice, decided before its first token: the thinking part, the text or
// JSON, or a tool call, each as the tokens the model writes (markup included). The engine then
// emits exactly these tokens, so timing, max_tokens, stop strings and usage work as for any text,
// and a reader maps each streamed token back to the part it belongs to — which is what vLLM's
// reasoning and tool parsers do with a real model's output.
import { mix32 } from './prng';
import { sampleOutputLength, TextGenerator } from './text-model';
import { decode, encode } from './tokenizer';
import type { CallText, PlannedCall } from './tool-calls';

export type PartKind = 'markup' | 'reasoning' | 'content' | 'call-head' | 'call-args' | 'call-tail';

interface Part {
  kind: PartKind;
  text: string;
  /** Character offsets of the part in the answer's text. */
  from: number;
  to: number;
  tokens: number;
}

export interface AnswerSpec {
  seed: number;
  /** Mean natural length of a text answer, tokens. */
  outputLenMean: number;
  reasoning?: { open: string; close: string } | null;
  /** JSON text to answer with (response_format); a generated text answer when absent. */
  json?: string | null;
  call?: { call: PlannedCall; text: CallText } | null;
}

export interface AnswerPlan {
  ids: number[];
  parts: Part[];
  call: PlannedCall | null;
}

function textIds(seed: number, mean: number): number[] {
  const generator = new TextGenerator(seed);
  // The same tokens the engine would draw for this seed unscripted: natural length minus the EOS.
  const n = sampleOutputLength(seed, mean) - 1;
  return Array.from({ length: Math.max(1, n) }, () => generator.next());
}

export function planAnswer(spec: AnswerSpec): AnswerPlan {
  const parts: Part[] = [];
  const ids: number[] = [];
  let at = 0;
  const add = (kind: PartKind, text: string, tokens = encode(text)) => {
    if (!text) return;
    parts.push({ kind, text, from: at, to: at + text.length, tokens: tokens.length });
    ids.push(...tokens);
    at += text.length;
  };
  if (spec.reasoning) {
    const thought = textIds(mix32(spec.seed, 0x7ea5), Math.max(8, spec.outputLenMean / 2));
    add('markup', spec.reasoning.open);
    add('reasoning', decode(thought), thought);
    add('markup', spec.reasoning.close);
  }
  if (spec.call) {
    add('call-head', spec.call.text.head);
    add('call-args', spec.call.text.args);
    add('call-tail', spec.call.text.tail);
  } else if (spec.json !== undefined && spec.json !== null) {
    add('content', spec.json);
  } else {
    const answer = textIds(spec.seed, spec.outputLenMean);
    add('content', decode(answer), answer);
  }
  return { ids, parts, call: spec.call?.call ?? null };
}

/** What a stretch of the answer's text [from, to) holds, part by part. */
export interface AnswerDelta {
  reasoning: string;
  content: string;
  /** The call's head was completed in this stretch (or, without a head, its arguments began). */
  callStarted: boolean;
  args: string;
}

export class AnswerReader {
  private started = false;

  constructor(readonly plan: AnswerPlan) {}

  read(from: number, to: number): AnswerDelta {
    const out: AnswerDelta = { reasoning: '', content: '', callStarted: false, args: '' };
    for (const p of this.plan.parts) {
      const a = Math.max(from, p.from);
      const b = Math.min(to, p.to);
      if (p.kind === 'call-head' && to >= p.to && !this.started) {
        this.started = true;
        out.callStarted = true;
      }
      if (a >= b) continue;
      const slice = p.text.slice(a - p.from, b - p.from);
      if (p.kind === 'reasoning') out.reasoning += slice;
      else if (p.kind === 'content') out.content += slice;
      else if (p.kind === 'call-args') {
        if (!this.started) {
          this.started = true;
          out.callStarted = true;
        }
        out.args += slice;
      }
    }
    return out;
  }

  /** The message a non-streamed answer carries for the first `length` characters of its text. */
  message(length: number): { reasoning: string | null; content: string | null; call: PlannedCall | null } {
    const has = (k: PartKind) => this.plan.parts.some((p) => p.kind === k);
    const covered = (k: PartKind) =>
      this.plan.parts
        .filter((p) => p.kind === k)
        .map((p) => p.text.slice(0, Math.max(0, Math.min(length, p.to) - p.from)))
        .join('');
    const reasoning = has('reasoning') ? covered('reasoning') || null : null;
    const callParts = this.plan.parts.filter((p) => p.kind.startsWith('call-'));
    const callEnd = callParts.length ? callParts[callParts.length - 1].to : 0;
    if (this.plan.call && length >= callEnd) return { reasoning, content: null, call: this.plan.call };
    // A call cut short (max_tokens, a stop string) does not parse: the parser gives its text back.
    let content = has('content') ? covered('content') : null;
    if (this.plan.call) {
      const partial = callParts.map((p) => p.text.slice(0, Math.max(0, Math.min(length, p.to) - p.from))).join('');
      content = partial || null;
    }
    return { reasoning, content, call: null };
  }

  /** Tokens of the thinking part among the first `generated` tokens of the answer. */
  reasoningTokens(generated: number): number {
    let seen = 0;
    let count = 0;
    for (const p of this.plan.parts) {
      const inPart = Math.max(0, Math.min(p.tokens, generated - seen));
      if (p.kind === 'reasoning') count += inPart;
      seen += p.tokens;
    }
    return count;
  }
}
