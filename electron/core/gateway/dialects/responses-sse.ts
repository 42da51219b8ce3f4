// The Responses SSE framing (`event: <type>` and the event as JSON), written without serialising
// the same things twice: a Response snapshot repeats the request's settings (instructions, tools,
// text format, …) on every snapshot and the whole output at the end, and the output items were
// already written when each finished. The settings are serialised once per stream, a finished
// item or a snapshot once (ResponsesStreamJson); the stored response is the text the client got.
// Every shortcut writes what JSON.stringify writes for the same object.
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ResponseEcho } from './responses-request';
import type { WireResponse } from './responses-response';

/** A stream event as sent: the SDK's event types, with the wire Response (no `output_text`). */
export type ResponsesStreamEvent = ResponseStreamEvent extends infer E
  ? E extends { response: unknown }
    ? Omit<E, 'response'> & { response: WireResponse }
    : E
  : never;

/** Serialises a stream's objects; `of` may return a text it made before for the same object. */
export interface StreamJson {
  of(value: object): string;
}

const plainJson: StreamJson = { of: (value) => JSON.stringify(value) };

/**
 * The JSON of one stream's objects that are not changed once made (snapshots, finished items),
 * each serialised once; the settings every snapshot repeats are serialised once for the stream.
 * Kept per stream (a few objects, found by identity), not in a WeakMap: short-lived WeakMap keys
 * cost the garbage collector more than the serialising they save.
 */
export class ResponsesStreamJson implements StreamJson {
  private readonly settings: string;
  private readonly names: string;
  private readonly known: object[] = [];
  private readonly texts: string[] = [];

  constructor(echo: ResponseEcho, id: string, createdAt: number, model: string) {
    const inner = JSON.stringify(echo).slice(1, -1);
    this.settings = inner ? `${inner},` : '';
    this.names = `"id":${JSON.stringify(id)},"created_at":${JSON.stringify(createdAt)},"model":${JSON.stringify(model)},`;
  }

  of(value: object): string {
    for (let i = this.known.length - 1; i >= 0; i--) if (this.known[i] === value) return this.texts[i];
    return this.keep(value, JSON.stringify(value));
  }

  /** Remembers the JSON of `response`, a snapshot responseEnvelope made for this stream, and returns it. */
  snapshot(response: WireResponse): WireResponse {
    let output = '';
    for (const item of response.output) output += output ? `,${this.of(item)}` : this.of(item);
    this.keep(
      response,
      `{"object":"response","error":${JSON.stringify(response.error)},"background":false,"service_tier":"default",` +
        `${this.settings}"completed_at":${JSON.stringify(response.completed_at)},${this.names}"output":[${output}],` +
        `"status":${JSON.stringify(response.status)},"incomplete_details":${JSON.stringify(response.incomplete_details)}` +
        `${response.usage ? `,"usage":${JSON.stringify(response.usage)}` : ''}}`,
    );
    return response;
  }

  private keep(value: object, text: string): string {
    this.known.push(value);
    this.texts.push(text);
    return text;
  }
}

/** The Responses SSE framing: `event: <type>` and the event as data. */
export function encodeResponsesEvents(events: readonly ResponsesStreamEvent[], json: StreamJson = plainJson): string {
  let out = '';
  for (const event of events) {
    // The per-token event, written as stringify writes this literal (its fields in the order
    // push() makes them; ids are hex, indexes numbers): a quarter of the stream's cost otherwise.
    if (event.type === 'response.output_text.delta' && event.logprobs.length === 0) {
      out += `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","item_id":"${event.item_id}","output_index":${event.output_index},"content_index":${event.content_index},"delta":${JSON.stringify(event.delta)},"logprobs":[],"sequence_number":${event.sequence_number}}\n\n`;
      continue;
    }
    // A snapshot event is exactly {type, sequence_number, response}: response.created and
    // response.in_progress share one snapshot, whose JSON is then written once.
    if ('response' in event) {
      out += `event: ${event.type}\ndata: {"type":${JSON.stringify(event.type)},"sequence_number":${event.sequence_number},"response":${json.of(event.response)}}\n\n`;
      continue;
    }
    // {type, output_index, item} numbered by event(): the finished item is written once, and
    // its JSON is used again in the final snapshot.
    if (event.type === 'response.output_item.done') {
      out += `event: response.output_item.done\ndata: {"type":"response.output_item.done","output_index":${event.output_index},"item":${json.of(event.item)},"sequence_number":${event.sequence_number}}\n\n`;
      continue;
    }
    out += `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  }
  return out;
}
