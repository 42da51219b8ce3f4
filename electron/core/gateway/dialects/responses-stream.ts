// chat.completion.chunk objects → the Responses stream, with increasing sequence_number:
// response.created, response.in_progress; per output item output_item.added, its content part
// (content_part.added, *.delta …, *.done, content_part.done) or its arguments
// (function_call_arguments.delta/done), output_item.done; then response.completed, or
// response.incomplete at the token limit, or response.failed when the target fails midway.
// Reasoning streams as reasoning_text (what vLLM's Responses API and the SDK's accumulator use).
import type { ResponseOutputItem, ResponseUsage } from 'openai/resources/responses/responses';
import type { ChatStreamTranslator } from './chat-sse';
import { type ChatChunkBody, type ChatToolCallDelta, reasoningOf } from './chat-types';
import type { ResponseEcho } from './responses-request';
import {
  functionCallItem,
  messageItem,
  outputItemId,
  reasoningItem,
  responseEnvelope,
  responseId,
  responseUsageOf,
  statusOf,
  type WireResponse,
} from './responses-response';
import { encodeResponsesEvents, ResponsesStreamJson, type ResponsesStreamEvent } from './responses-sse';

export { encodeResponsesEvents, type ResponsesStreamEvent } from './responses-sse';

type WithoutSequence<E> = E extends unknown ? Omit<E, 'sequence_number'> : never;

export interface ResponsesStreamOptions {
  model: string;
  echo: ResponseEcho;
  /** Unix seconds. */
  createdAt: number;
  id?: string;
  promptTokens?: number;
  /** The clock for `completed_at`, in ms (the gateway's own clock). */
  now?: () => number;
}

type OpenItem =
  | { kind: 'reasoning'; index: number; id: string; text: string }
  | { kind: 'message'; index: number; id: string; text: string }
  | { kind: 'call'; index: number; id: string; tool: number; callId: string; name: string; args: string };

export class ResponsesStreamTranslator implements ChatStreamTranslator<ResponsesStreamEvent> {
  private sequence = 0;
  private started = false;
  private finished = false;
  private open: OpenItem | null = null;
  private readonly output: ResponseOutputItem[] = [];
  private readonly calls = new Map<number, { callId: string; name: string; pending: string; opened: boolean }>();
  private finishReason: string | null = null;
  private promptTokens: number | null = null;
  private completionTokens = 0;
  private exact = false;
  private usageChunk: ChatChunkBody['usage'] = null;
  readonly id: string;

  /** The Response of the closing event (completed, incomplete or failed) once sent: what to store. */
  final: WireResponse | null = null;
  /** This stream's snapshots and finished items as JSON, each serialised once. */
  readonly json: ResponsesStreamJson;

  constructor(private readonly options: ResponsesStreamOptions) {
    this.id = options.id ?? responseId();
    this.json = new ResponsesStreamJson(options.echo, this.id, options.createdAt, options.model);
  }

  /** The events in the Responses SSE framing, with what this stream already serialised. */
  encode(events: readonly ResponsesStreamEvent[]): string {
    return encodeResponsesEvents(events, this.json);
  }

  get done(): boolean {
    return this.finished;
  }

  get sawFinishReason(): boolean {
    return this.finishReason !== null;
  }

  get usage(): { inputTokens: number | null; outputTokens: number; exact: boolean } {
    return { inputTokens: this.promptTokens, outputTokens: this.completionTokens, exact: this.exact };
  }

  /** response.created and response.in_progress; sent by the first push if not called before. */
  begin(): ResponsesStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    const snapshot = this.snapshot('in_progress');
    return [
      { type: 'response.created', sequence_number: this.sequence++, response: snapshot },
      { type: 'response.in_progress', sequence_number: this.sequence++, response: snapshot },
    ];
  }

  push(chunk: ChatChunkBody): ResponsesStreamEvent[] {
    if (this.finished) return [];
    if (chunk.error) return this.fail(chunk.error.message ?? 'The model server failed while generating.');
    const out = this.begin();
    if (chunk.usage) {
      this.usageChunk = chunk.usage;
      if (typeof chunk.usage.prompt_tokens === 'number') this.promptTokens = chunk.usage.prompt_tokens;
      if (typeof chunk.usage.completion_tokens === 'number') {
        this.completionTokens = chunk.usage.completion_tokens;
        this.exact = true;
      }
    }
    const choice = chunk.choices?.[0];
    const delta = choice?.delta;
    if (delta) {
      let produced = false;
      const reasoning = reasoningOf(delta);
      if (reasoning) {
        const item = this.openText('reasoning', out);
        item.text += reasoning;
        out.push(
          this.event({
            type: 'response.reasoning_text.delta',
            item_id: item.id,
            output_index: item.index,
            content_index: 0,
            delta: reasoning,
          }),
        );
        produced = true;
      }
      if (delta.content) {
        const item = this.openText('message', out);
        item.text += delta.content;
        out.push(
          this.event({
            type: 'response.output_text.delta',
            item_id: item.id,
            output_index: item.index,
            content_index: 0,
            delta: delta.content,
            logprobs: [],
          }),
        );
        produced = true;
      }
      for (const call of delta.tool_calls ?? []) produced = this.toolDelta(call, out) || produced;
      if (produced && !this.exact) this.completionTokens += 1;
    }
    if (choice?.finish_reason) this.finishReason = choice.finish_reason;
    return out;
  }

  finish(): ResponsesStreamEvent[] {
    if (this.finished) return [];
    const out = this.begin();
    for (const [index, call] of this.calls) if (!call.opened) this.openCall(index, call, out);
    this.closeOpen(out);
    this.finished = true;
    const state = statusOf(this.finishReason);
    const response = this.snapshot(state.status!, state.incomplete_details, this.finalUsage(), {
      completed_at: state.status === 'completed' ? Math.floor((this.options.now ?? Date.now)() / 1000) : null,
    });
    this.final = response;
    out.push(
      state.status === 'completed'
        ? { type: 'response.completed', sequence_number: this.sequence++, response }
        : { type: 'response.incomplete', sequence_number: this.sequence++, response },
    );
    return out;
  }

  fail(message: string): ResponsesStreamEvent[] {
    if (this.finished) return [];
    const out = this.begin();
    this.finished = true;
    const response = this.snapshot('failed', null, this.finalUsage(), { error: { code: 'server_error', message } });
    this.final = response;
    out.push({ type: 'response.failed', sequence_number: this.sequence++, response });
    return out;
  }

  private finalUsage(): ResponseUsage {
    return responseUsageOf(
      this.exact && this.usageChunk
        ? this.usageChunk
        : {
            prompt_tokens: this.promptTokens ?? this.options.promptTokens ?? 0,
            completion_tokens: this.completionTokens,
          },
    );
  }

  /** A Response as it stands, its JSON remembered for the encoder (it is not changed afterwards). */
  private snapshot(
    status: NonNullable<WireResponse['status']>,
    incomplete: WireResponse['incomplete_details'] = null,
    usage?: ResponseUsage,
    end?: Partial<Pick<WireResponse, 'completed_at' | 'error'>>,
  ): WireResponse {
    return this.json.snapshot(
      responseEnvelope(
        {
          id: this.id,
          created_at: this.options.createdAt,
          model: this.options.model,
          output: [...this.output],
          status,
          incomplete_details: incomplete,
          ...(usage ? { usage } : {}),
          ...end,
        },
        this.options.echo,
      ),
    );
  }

  /** The event numbered: the field is added to the literal the caller made, not copied into another (per token). */
  private event(event: WithoutSequence<ResponsesStreamEvent>): ResponsesStreamEvent {
    (event as ResponsesStreamEvent).sequence_number = this.sequence++;
    return event as ResponsesStreamEvent;
  }

  private at(item: OpenItem) {
    return { item_id: item.id, output_index: item.index, content_index: 0 };
  }

  private openText(kind: 'reasoning' | 'message', out: ResponsesStreamEvent[]) {
    const current = this.open;
    if (current?.kind === kind) return current;
    this.closeOpen(out);
    const item = { kind, index: this.output.length, id: outputItemId(kind === 'message' ? 'msg' : 'rs'), text: '' };
    this.open = item;
    this.output.push(
      kind === 'message'
        ? { ...messageItem('', 'in_progress', item.id), content: [] }
        : { ...reasoningItem('', item.id), content: [] },
    );
    out.push(
      this.event({ type: 'response.output_item.added', output_index: item.index, item: this.output[item.index] }),
      this.event({
        type: 'response.content_part.added',
        ...this.at(item),
        part:
          kind === 'message'
            ? { type: 'output_text', text: '', annotations: [], logprobs: [] }
            : { type: 'reasoning_text', text: '' },
      }),
    );
    return item;
  }

  private closeOpen(out: ResponsesStreamEvent[]): void {
    const item = this.open;
    if (!item) return;
    this.open = null;
    if (item.kind === 'call') {
      const done = functionCallItem(item.callId, item.name, item.args, 'completed', item.id);
      this.output[item.index] = done;
      out.push(
        this.event({
          type: 'response.function_call_arguments.done',
          item_id: item.id,
          output_index: item.index,
          name: item.name,
          arguments: item.args,
        }),
        this.event({ type: 'response.output_item.done', output_index: item.index, item: done }),
      );
      return;
    }
    if (item.kind === 'message') {
      const done = messageItem(item.text, 'completed', item.id);
      this.output[item.index] = done;
      out.push(
        this.event({ type: 'response.output_text.done', ...this.at(item), text: item.text, logprobs: [] }),
        this.event({ type: 'response.content_part.done', ...this.at(item), part: done.content[0] }),
        this.event({ type: 'response.output_item.done', output_index: item.index, item: done }),
      );
      return;
    }
    const done = reasoningItem(item.text, item.id);
    this.output[item.index] = done;
    out.push(
      this.event({ type: 'response.reasoning_text.done', ...this.at(item), text: item.text }),
      this.event({
        type: 'response.content_part.done',
        ...this.at(item),
        part: { type: 'reasoning_text', text: item.text },
      }),
      this.event({ type: 'response.output_item.done', output_index: item.index, item: done }),
    );
  }

  private openCall(
    tool: number,
    call: { callId: string; name: string; pending: string; opened: boolean },
    out: ResponsesStreamEvent[],
  ): void {
    this.closeOpen(out);
    call.opened = true;
    const item: OpenItem = {
      kind: 'call',
      index: this.output.length,
      id: outputItemId('fc'),
      tool,
      callId: call.callId,
      name: call.name,
      args: '',
    };
    this.open = item;
    this.output.push(functionCallItem(call.callId, call.name, '', 'in_progress', item.id));
    out.push(
      this.event({ type: 'response.output_item.added', output_index: item.index, item: this.output[item.index] }),
    );
    if (call.pending) this.callArgs(item, call.pending, out);
    call.pending = '';
  }

  private callArgs(item: Extract<OpenItem, { kind: 'call' }>, args: string, out: ResponsesStreamEvent[]): void {
    item.args += args;
    out.push(
      this.event({
        type: 'response.function_call_arguments.delta',
        item_id: item.id,
        output_index: item.index,
        delta: args,
      }),
    );
  }

  /** One tool-call delta; true when it carried argument text. */
  private toolDelta(delta: ChatToolCallDelta, out: ResponsesStreamEvent[]): boolean {
    const index = delta.index ?? 0;
    let call = this.calls.get(index);
    if (!call) {
      call = { callId: delta.id || outputItemId('fc').replace('fc_', 'call_'), name: '', pending: '', opened: false };
      this.calls.set(index, call);
    }
    if (delta.function?.name && !call.opened) call.name = delta.function.name;
    const args = delta.function?.arguments ?? '';
    if (!call.opened) {
      call.pending += args;
      if (call.name) this.openCall(index, call, out);
      return args.length > 0;
    }
    const item = this.open;
    if (args && item?.kind === 'call' && item.tool === index) this.callArgs(item, args, out);
    return args.length > 0;
  }
}
