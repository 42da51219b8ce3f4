// What a chat choice's tokens become on the wire, as vLLM's tool and reasoning parsers make of a
// model's output: `reasoning` (and `reasoning_content`) deltas first, then content, or a tool call
// streamed as one head delta (index, id, type, name) and argument fragments; the finished message;
// finish_reason "tool_calls" for "auto" and "required" calls ("stop" for a named one, as OpenAI).
import { AnswerReader, planAnswer } from './answer-plan';
import type { ChoiceState } from './generation';
import { chatLogprob } from './logprobs';
import { reasoningMarkers } from './reasoning';
import type { FinishReason } from './sequence';
import { constrainedText, type OutputConstraint } from './structured-output';
import { ENDOFTEXT_ID, IM_END_ID, tokenString } from './tokenizer';
import { callText, planToolCall, type ToolRequest } from './tool-calls';
import type { ValueHints } from './json-schema-value';

export interface ChatAnswerSpec {
  tools: ToolRequest | null;
  constraint: OutputConstraint | null;
  /** The reasoning parser, when this request thinks; '' otherwise. */
  thinkingParser: string;
  showReasoning: boolean;
  toolCallParser: string;
  lastRole: string | undefined;
  hints: ValueHints;
  outputLenMean: number;
  /** top_logprobs when logprobs were asked for, else null. */
  logprobsTop: number | null;
}

type Json = Record<string, unknown>;

export class ChatAnswers {
  private readonly readers: AnswerReader[] = [];
  private readonly streamedCall = new Set<number>();

  constructor(private readonly spec: ChatAnswerSpec) {}

  /** Whether answers must be decided up front (otherwise plain generated text, unscripted). */
  get planned(): boolean {
    const { tools, constraint, thinkingParser } = this.spec;
    return Boolean(thinkingParser) || constraint !== null || (tools !== null && tools.choice !== 'none');
  }

  private get named(): boolean {
    return typeof this.spec.tools?.choice === 'object';
  }

  /** The tokens of a choice's answer (GenerationRun's script). */
  scriptFor = (choice: ChoiceState): readonly number[] => {
    const { spec } = this;
    const call = planToolCall(spec.tools, spec.lastRole, choice.seed, spec.hints);
    const plan = planAnswer({
      seed: choice.seed,
      outputLenMean: spec.outputLenMean,
      reasoning: spec.thinkingParser ? reasoningMarkers(spec.thinkingParser) : null,
      json: spec.constraint ? constrainedText(spec.constraint, choice.seed) : null,
      call:
        call && spec.tools ? { call, text: callText(spec.toolCallParser || 'hermes', call, spec.tools.choice) } : null,
    });
    this.readers[choice.index] = new AnswerReader(plan);
    return plan.ids;
  };

  /** The `delta` of a streamed token, or null when the parser holds it back (markup). */
  delta(choice: ChoiceState, text: string, finishing: boolean): Json | null {
    const reader = this.readers[choice.index];
    if (!reader) return { content: text };
    const to = choice.text.length;
    const d = reader.read(to - text.length, to);
    const out: Json = {};
    if (d.reasoning && this.spec.showReasoning) {
      out.reasoning = d.reasoning;
      out.reasoning_content = d.reasoning;
    }
    if (d.content) out.content = d.content;
    const call = reader.plan.call;
    if (call && (d.callStarted || d.args)) {
      this.streamedCall.add(choice.index);
      const guided = this.named || this.spec.tools?.choice === 'required';
      out.tool_calls = [
        d.callStarted
          ? {
              id: call.id,
              type: 'function',
              index: 0,
              // vLLM's tool parsers send the name alone first; guided decoding sends what it has.
              function: guided || d.args ? { name: call.name, arguments: d.args } : { name: call.name },
            }
          : { index: 0, function: { arguments: d.args } },
      ];
    }
    if (Object.keys(out).length) return out;
    if (!finishing) return null;
    return this.streamedCall.has(choice.index) ? {} : { content: '' };
  }

  /** finish_reason as vLLM reports it for this choice. */
  finishReason(reason: FinishReason | null, called: boolean): FinishReason | 'tool_calls' | null {
    if (reason === 'stop' && called && !this.named) return 'tool_calls';
    return reason;
  }

  calledInStream(choice: ChoiceState): boolean {
    return this.streamedCall.has(choice.index);
  }

  /** The `message` of a finished, unstreamed choice, and whether it is a tool call. */
  message(choice: ChoiceState): { message: Json; called: boolean } {
    const reader = this.readers[choice.index];
    const parsed = reader ? reader.message(choice.text.length) : { reasoning: null, content: choice.text, call: null };
    const reasoning = this.spec.showReasoning ? parsed.reasoning : null;
    let content = parsed.content;
    if (parsed.call && (this.named || this.spec.tools?.choice === 'required')) content ??= '';
    // Cut short while thinking: the reasoning parser finds no content at all.
    else if (content === '' && reader?.plan.parts.some((p) => p.kind === 'reasoning')) content = null;
    return {
      called: parsed.call !== null,
      message: {
        role: 'assistant',
        content,
        refusal: null,
        annotations: null,
        audio: null,
        function_call: null,
        tool_calls: parsed.call
          ? [
              {
                id: parsed.call.id,
                type: 'function',
                function: { name: parsed.call.name, arguments: parsed.call.arguments },
              },
            ]
          : [],
        reasoning,
        reasoning_content: reasoning,
      },
    };
  }

  /** Thinking tokens among those generated, for completion_tokens_details. */
  reasoningTokens(choices: readonly ChoiceState[]): number {
    return choices.reduce((sum, c) => sum + (this.readers[c.index]?.reasoningTokens(c.tokens) ?? 0), 0);
  }

  /** One token's chat logprobs entry (streamed chunks carry one each). */
  logprob(choice: ChoiceState, tokenId: number, position: number): Json {
    const text = tokenId === ENDOFTEXT_ID || tokenId === IM_END_ID ? '' : tokenString(tokenId);
    return chatLogprob(choice.seed, position, tokenId, this.spec.logprobsTop ?? 0, text);
  }

  /** `logprobs` of a finished, unstreamed choice. */
  logprobs(choice: ChoiceState): Json | null {
    if (this.spec.logprobsTop === null || !choice.seq) return null;
    const seq = choice.seq;
    const generated = seq.tokens.slice(seq.numPromptTokens);
    return { content: generated.map((id, i) => this.logprob(choice, id, i)) };
  }
}
