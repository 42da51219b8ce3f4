// chat.completion.chunk objects → Anthropic's exact Messages stream: message_start, ping, then per
// block content_block_start / _delta / _stop (thinking_delta then a signature_delta, text_delta, input_json_delta; one
// tool_use block per tool-call index), then message_delta (stop reason, output tokens) and
// message_stop. Each event is written as `event: <type>` + `data: <json>`, names equal to types.
//
// message_start carries usage.input_tokens, so it waits for the first chunk: the request asks vLLM
// for `continuous_usage_stats`, whose every chunk carries the prompt's token count. A target that
// does not send it gets the `promptTokens` the gateway passes in (its /tokenize count or estimate),
// and message_delta repeats the exact count once the final usage chunk has it (the SDKs overwrite
// the snapshot's input_tokens from there).
import type { MessageDeltaUsage, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type { ChatStreamTranslator } from './chat-sse';
import { type ChatChunkBody, type ChatToolCallDelta, reasoningOf } from './chat-types';
import type { AnthropicErrorType } from './messages-errors';
import { messageId, stopReasonOf, thinkingSignature, toolUseId, usageOf } from './messages-response';

export type MessagesStreamEvent =
  | RawMessageStreamEvent
  | { type: 'ping' }
  | { type: 'error'; error: { type: AnthropicErrorType; message: string } };

export interface MessagesStreamOptions {
  /** The model name the client asked for. */
  model: string;
  stopSequences?: readonly string[];
  /** The prompt's token count, for message_start when the first chunk carries no usage. */
  promptTokens?: number;
  id?: string;
}

interface ToolCallState {
  id: string;
  name: string;
  /** Arguments that arrived before the call's name, sent when its block opens. */
  pending: string;
  block: number | null;
}

/** The block being streamed; a thinking block keeps its text for the signature sent before it closes. */
type OpenBlock = { kind: 'text' | 'thinking' | 'tool'; index: number; tool?: number; thinking?: string };

export class MessagesStreamTranslator implements ChatStreamTranslator<MessagesStreamEvent> {
  private started = false;
  private finished = false;
  private open: OpenBlock | null = null;
  private nextIndex = 0;
  private readonly tools = new Map<number, ToolCallState>();
  private finishReason: string | null = null;
  private matched: string | number | null = null;
  private promptTokens: number | null = null;
  private completionTokens = 0;
  private exact = false;
  private readonly id: string;

  constructor(private readonly options: MessagesStreamOptions) {
    this.id = options.id ?? messageId();
  }

  get done(): boolean {
    return this.finished;
  }

  get sawFinishReason(): boolean {
    return this.finishReason !== null;
  }

  /** Tokens as counted so far: exact once the target's usage arrived, else one per content chunk. */
  get usage(): { inputTokens: number | null; outputTokens: number; exact: boolean } {
    return { inputTokens: this.promptTokens, outputTokens: this.completionTokens, exact: this.exact };
  }

  push(chunk: ChatChunkBody): MessagesStreamEvent[] {
    if (this.finished) return [];
    if (chunk.error) return this.fail(chunk.error.message ?? 'The model server failed while generating.');
    const out: MessagesStreamEvent[] = [];
    if (chunk.usage) {
      if (typeof chunk.usage.prompt_tokens === 'number') this.promptTokens = chunk.usage.prompt_tokens;
      if (typeof chunk.usage.completion_tokens === 'number') {
        this.completionTokens = chunk.usage.completion_tokens;
        this.exact = true;
      }
    }
    this.start(out);
    const choice = chunk.choices?.[0];
    const delta = choice?.delta;
    if (delta) {
      let produced = false;
      const reasoning = reasoningOf(delta);
      if (reasoning) {
        this.openBlock('thinking', out);
        this.open!.thinking += reasoning;
        out.push(this.delta({ type: 'thinking_delta', thinking: reasoning }));
        produced = true;
      }
      if (delta.content) {
        this.openBlock('text', out);
        out.push(this.delta({ type: 'text_delta', text: delta.content }));
        produced = true;
      }
      for (const call of delta.tool_calls ?? []) produced = this.toolDelta(call, out) || produced;
      if (produced && !this.exact) this.completionTokens += 1;
    }
    if (choice?.finish_reason) {
      this.finishReason = choice.finish_reason;
      this.matched = choice.stop_reason ?? null;
    }
    return out;
  }

  finish(): MessagesStreamEvent[] {
    return this.finishStream();
  }

  fail(message: string, type: AnthropicErrorType = 'api_error'): MessagesStreamEvent[] {
    if (this.finished) return [];
    this.finished = true;
    return [{ type: 'error', error: { type, message } }];
  }

  /** A keep-alive while the target is slow; nothing before message_start or after the end. */
  ping(): MessagesStreamEvent[] {
    return this.started && !this.finished ? [{ type: 'ping' }] : [];
  }

  private finishStream(): MessagesStreamEvent[] {
    if (this.finished) return [];
    const out: MessagesStreamEvent[] = [];
    this.start(out);
    // A call whose name never came still gets its block, so its arguments are not lost.
    for (const [index, state] of this.tools) if (state.block === null) this.openTool(index, state, out);
    this.closeOpen(out);
    this.finished = true;
    const stop = stopReasonOf(this.finishReason, this.matched, this.options.stopSequences ?? [], this.tools.size > 0);
    const usage: MessageDeltaUsage = {
      output_tokens: this.completionTokens,
      input_tokens: this.promptTokens,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: null,
      output_tokens_details: null,
      server_tool_use: null,
    };
    out.push(
      { type: 'message_delta', delta: { ...stop, stop_details: null, container: null }, usage },
      { type: 'message_stop' },
    );
    return out;
  }

  private start(out: MessagesStreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    const usage = usageOf(null, this.promptTokens ?? this.options.promptTokens ?? 0);
    out.push(
      {
        type: 'message_start',
        message: {
          id: this.id,
          type: 'message',
          role: 'assistant',
          model: this.options.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          stop_details: null,
          container: null,
          diagnostics: null,
          usage,
        },
      },
      { type: 'ping' },
    );
  }

  private delta(delta: Extract<RawMessageStreamEvent, { type: 'content_block_delta' }>['delta']): MessagesStreamEvent {
    return { type: 'content_block_delta', index: this.open!.index, delta };
  }

  private closeOpen(out: MessagesStreamEvent[]): void {
    if (!this.open) return;
    // As Anthropic streams it: a thinking block's signature comes last, as a signature_delta.
    if (this.open.kind === 'thinking')
      out.push(this.delta({ type: 'signature_delta', signature: thinkingSignature(this.open.thinking ?? '') }));
    out.push({ type: 'content_block_stop', index: this.open.index });
    this.open = null;
  }

  private openBlock(kind: 'text' | 'thinking', out: MessagesStreamEvent[]): void {
    if (this.open?.kind === kind) return;
    this.closeOpen(out);
    const index = this.nextIndex++;
    this.open = kind === 'thinking' ? { kind, index, thinking: '' } : { kind, index };
    out.push({
      type: 'content_block_start',
      index,
      content_block:
        kind === 'text'
          ? { type: 'text', text: '', citations: null }
          : { type: 'thinking', thinking: '', signature: '' },
    });
  }

  private openTool(toolIndex: number, state: ToolCallState, out: MessagesStreamEvent[]): void {
    this.closeOpen(out);
    const index = this.nextIndex++;
    state.block = index;
    this.open = { kind: 'tool', index, tool: toolIndex };
    out.push({
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: state.id, name: state.name, input: {}, caller: { type: 'direct' } },
    });
    if (state.pending) {
      out.push(this.delta({ type: 'input_json_delta', partial_json: state.pending }));
      state.pending = '';
    }
  }

  /** One tool-call delta; true when it carried argument text. */
  private toolDelta(call: ChatToolCallDelta, out: MessagesStreamEvent[]): boolean {
    const index = call.index ?? 0;
    let state = this.tools.get(index);
    if (!state) {
      state = { id: call.id || toolUseId(), name: '', pending: '', block: null };
      this.tools.set(index, state);
    }
    if (call.function?.name && state.block === null) state.name = call.function.name;
    const args = call.function?.arguments ?? '';
    if (state.block === null) {
      state.pending += args;
      if (state.name) this.openTool(index, state, out);
      return args.length > 0;
    }
    if (!args) return false;
    if (this.open?.kind === 'tool' && this.open.tool === index) {
      out.push(this.delta({ type: 'input_json_delta', partial_json: args }));
    }
    // Arguments for a call whose block already closed cannot be sent in order; targets stream
    // calls one after another, so this only happens with a malformed stream.
    return true;
  }
}

/** Anthropic's SSE framing: the event name equals the data's type. */
export function encodeMessagesEvents(events: readonly MessagesStreamEvent[]): string {
  let out = '';
  for (const event of events) {
    // The per-token event, written as stringify writes the literal delta() makes: the usual case.
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      out += `event: content_block_delta\ndata: {"type":"content_block_delta","index":${event.index},"delta":{"type":"text_delta","text":${JSON.stringify(event.delta.text)}}}\n\n`;
      continue;
    }
    // The literals the translator makes of these, written as stringify writes them.
    if (event.type === 'content_block_stop') {
      out += `event: content_block_stop\ndata: {"type":"content_block_stop","index":${event.index}}\n\n`;
      continue;
    }
    if (event.type === 'ping' || event.type === 'message_stop') {
      out += event.type === 'ping' ? PING : MESSAGE_STOP;
      continue;
    }
    out += `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  }
  return out;
}

const PING = 'event: ping\ndata: {"type":"ping"}\n\n';
const MESSAGE_STOP = 'event: message_stop\ndata: {"type":"message_stop"}\n\n';
