// Reads a test answer in its dialect — Chat Completions, Anthropic Messages or OpenAI Responses,
// whole or as an event stream — into what the Connect page shows: the text's first words, the
// tool call it asked for, its thinking when that is all there is, or the error it carried. Pure.
import { createParser } from 'eventsource-parser';
import type { ConnectDialect } from '../../../shared/connect-snippets';

export interface ReadAnswer {
  text: string;
  toolCall: string | null;
  thinking: string;
  /** An error inside a 200 answer (a stream that failed part-way). */
  error: string | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The message of an error body in either shape: OpenAI's {error:{message}} or Anthropic's {type:"error",error:{message}}. */
export function errorMessageOf(body: unknown): string | null {
  const error = obj(body).error;
  if (typeof error === 'string') return error;
  const message = str(obj(error).message);
  return message || null;
}

const toolCallText = (name: string, args: string) =>
  `tool call ${name}(${args.length > 120 ? `${args.slice(0, 120)}…` : args})`;

function fromWhole(dialect: ConnectDialect, body: Json, out: ReadAnswer): void {
  if (dialect === 'openai-chat') {
    const message = obj(obj(list(body.choices)[0]).message);
    out.text += str(message.content);
    out.thinking += str(message.reasoning_content) || str(message.reasoning);
    const call = obj(obj(list(message.tool_calls)[0]).function);
    if (call.name) out.toolCall = toolCallText(str(call.name), str(call.arguments));
  } else if (dialect === 'anthropic-messages') {
    for (const block of list(body.content).map(obj)) {
      if (block.type === 'text') out.text += str(block.text);
      if (block.type === 'thinking') out.thinking += str(block.thinking);
      if (block.type === 'tool_use' && !out.toolCall)
        out.toolCall = toolCallText(str(block.name), JSON.stringify(block.input ?? {}));
    }
  } else {
    for (const item of list(body.output).map(obj)) {
      if (item.type === 'message')
        for (const part of list(item.content).map(obj)) if (part.type === 'output_text') out.text += str(part.text);
      if (item.type === 'reasoning')
        for (const part of list(item.summary).concat(list(item.content)).map(obj)) out.thinking += str(part.text);
      if (item.type === 'function_call' && !out.toolCall)
        out.toolCall = toolCallText(str(item.name), str(item.arguments));
    }
    if (body.status === 'failed') out.error = errorMessageOf(body) ?? 'The response failed.';
  }
}

function fromEvents(dialect: ConnectDialect, text: string, out: ReadAnswer): void {
  const tool = { name: '', args: '' };
  const parser = createParser({
    onEvent: (event) => {
      if (event.data === '[DONE]') return;
      let data: Json;
      try {
        data = obj(JSON.parse(event.data));
      } catch {
        return;
      }
      const type = str(data.type) || event.event || '';
      if (type === 'error' || (dialect === 'openai-chat' && data.error)) {
        out.error = errorMessageOf(data) ?? 'The stream ended with an error.';
        return;
      }
      if (dialect === 'openai-chat') {
        const delta = obj(obj(list(data.choices)[0]).delta);
        out.text += str(delta.content);
        out.thinking += str(delta.reasoning_content) || str(delta.reasoning);
        const call = obj(obj(list(delta.tool_calls)[0]).function);
        tool.name ||= str(call.name);
        tool.args += str(call.arguments);
      } else if (dialect === 'anthropic-messages') {
        const delta = obj(data.delta);
        if (type === 'content_block_start' && obj(data.content_block).type === 'tool_use')
          tool.name ||= str(obj(data.content_block).name);
        if (delta.type === 'text_delta') out.text += str(delta.text);
        if (delta.type === 'thinking_delta') out.thinking += str(delta.thinking);
        if (delta.type === 'input_json_delta') tool.args += str(delta.partial_json);
      } else {
        if (type === 'response.output_text.delta') out.text += str(data.delta);
        if (type.startsWith('response.reasoning') && type.endsWith('.delta')) out.thinking += str(data.delta);
        if (type === 'response.output_item.added' && obj(data.item).type === 'function_call')
          tool.name ||= str(obj(data.item).name);
        if (type === 'response.function_call_arguments.delta') tool.args += str(data.delta);
        if (type === 'response.failed') out.error = errorMessageOf(obj(data.response)) ?? 'The response failed.';
      }
    },
  });
  parser.feed(text);
  if (tool.name) out.toolCall = toolCallText(tool.name, tool.args);
}

/** Reads a 2xx answer; `stream` when it was asked as an event stream. */
export function readAnswer(dialect: ConnectDialect, bodyText: string, stream: boolean): ReadAnswer {
  const out: ReadAnswer = { text: '', toolCall: null, thinking: '', error: null };
  if (stream) fromEvents(dialect, bodyText, out);
  else {
    try {
      fromWhole(dialect, obj(JSON.parse(bodyText)), out);
    } catch {
      out.error = 'The answer is not JSON.';
    }
  }
  return out;
}

/** At most `words` words (and 240 characters) of a text, with an ellipsis when cut. */
export function firstWords(text: string, words = 30): string {
  const all = text.trim().split(/\s+/).filter(Boolean);
  let cut = all.slice(0, words).join(' ');
  if (cut.length > 240) cut = cut.slice(0, 240);
  return cut.length < text.trim().length ? `${cut}…` : cut;
}

/** What the page shows as the answer: text first, else the tool call, else the thinking. */
export function answerLine(answer: ReadAnswer): string | null {
  if (answer.text.trim()) return firstWords(answer.text) + (answer.toolCall ? ` · then ${answer.toolCall}` : '');
  if (answer.toolCall) return answer.toolCall;
  if (answer.thinking.trim()) return `(thinking only) ${firstWords(answer.thinking)}`;
  return null;
}
