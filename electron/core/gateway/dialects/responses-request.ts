// OpenAI Responses request → chat request in the common form. `instructions` and leading
// system/developer items become one system message; assistant messages and the function_call
// items after them become one assistant turn with tool_calls; function_call_output items become
// `tool` messages; reasoning items ride along as the next assistant turn's `reasoning_content`.
// Built-in tools the target cannot run are dropped with a warning for the log, never an error.
// `previous_response_id` is resolved through a lookup the caller passes in (its response store).
import type { Response, ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import type { ChatAssistantMessage, ChatContentPart, ChatMessage, ChatRequest } from './chat-types';
import { invalidRequest, parseField } from './invalid-request';
import {
  DROPPED_ITEM_TYPES,
  FunctionToolSchema,
  type InputItem,
  type InputPart,
  InputPartSchemas,
  type InputPartType,
  ItemSchemas,
  type ItemType,
  parseResponsesRequest,
} from './responses-schema';

/** A stored earlier response: what it was asked (its whole expanded input) and what it answered. */
export interface PriorResponse {
  input: ReadonlyArray<ResponseInputItem | Record<string, unknown>>;
  output: ReadonlyArray<ResponseOutputItem | Record<string, unknown>>;
}

export interface ResponsesTranslationOptions {
  /** Finds a stored response by id for `previous_response_id`; null when there is none. */
  previousResponse?: (id: string) => PriorResponse | null;
  /** As for the Messages dialect: send vLLM's `chat_template_kwargs` and earlier reasoning. */
  vllmExtras?: boolean;
}

/** The request fields a Response object repeats back to the client. */
export type ResponseEcho = Pick<
  Response,
  | 'instructions'
  | 'metadata'
  | 'parallel_tool_calls'
  | 'temperature'
  | 'tool_choice'
  | 'tools'
  | 'top_p'
  | 'max_output_tokens'
  | 'previous_response_id'
  | 'reasoning'
  | 'text'
  | 'truncation'
  | 'user'
  | 'top_logprobs'
> & { store: boolean };

export interface TranslatedResponsesRequest {
  chat: ChatRequest;
  /** This turn's whole input (earlier turns' items first): what to store for the next turn. */
  inputItems: Array<ResponseInputItem | Record<string, unknown>>;
  echo: ResponseEcho;
  /** What was dropped that changes the answer, one line each, for the request log. */
  warnings: string[];
}

type Ctx = { warnings: string[] };

const EFFORTS: Record<string, 'low' | 'medium' | 'high'> = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

function partOf(raw: { type: string }, path: string): InputPart {
  const schema = Object.hasOwn(InputPartSchemas, raw.type) ? InputPartSchemas[raw.type as InputPartType] : undefined;
  if (!schema) {
    throw invalidRequest(
      `${path}.type`,
      `unknown content type "${raw.type}"; use input_text, input_image, input_file, output_text or refusal`,
      'unknown_content_type',
    );
  }
  return parseField(schema as typeof InputPartSchemas.input_text, raw, path) as InputPart;
}

function chatParts(content: string | Array<{ type: string }>, path: string, ctx: Ctx): ChatContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.flatMap((raw, i): ChatContentPart[] => {
    const at = `${path}.${i}`;
    const part = partOf(raw, at);
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return [{ type: 'text', text: part.text }];
      case 'refusal':
        return [{ type: 'text', text: part.refusal }];
      case 'input_image': {
        if (!part.image_url) {
          throw invalidRequest(
            `${at}.image_url`,
            'images by file_id need the Files API, which this gateway does not have; send image_url (a data: URL or https URL)',
            'unsupported_file_id',
          );
        }
        const detail = part.detail === 'low' || part.detail === 'high' ? part.detail : undefined;
        return [{ type: 'image_url', image_url: { url: part.image_url, ...(detail ? { detail } : {}) } }];
      }
      case 'input_file':
        ctx.warnings.push(`${at}: a file input was replaced by a note (the target reads no files)`);
        return [{ type: 'text', text: `[A file${part.filename ? ` (${part.filename})` : ''} was attached here.]` }];
    }
  });
}

const asText = (parts: ChatContentPart[]) =>
  parts.every((p) => p.type === 'text') ? parts.map((p) => (p as { text: string }).text).join('\n') : null;

const ROLES = new Set(['user', 'assistant', 'system', 'developer']);
const plainTextMessage = (raw: { role?: unknown; content?: unknown }) =>
  typeof raw.content === 'string' && ROLES.has(raw.role as string);

function itemOf(raw: unknown, path: string, ctx: Ctx): InputItem | null {
  const type = (raw as { type?: unknown } | null)?.type;
  if (raw && typeof raw === 'object' && (type === undefined || type === 'message') && 'role' in raw) {
    // A message with text content (every turn of a string `input`) is read field by field as it
    // is; any other goes through its schema, whose 400 names the bad field.
    return plainTextMessage(raw) ? (raw as InputItem) : parseField(ItemSchemas.message, raw, path);
  }
  if (typeof type !== 'string') throw invalidRequest(`${path}.type`, 'each input item needs a "type"', 'invalid_type');
  const schema = Object.hasOwn(ItemSchemas, type) ? ItemSchemas[type as ItemType] : undefined;
  if (schema) return parseField(schema as typeof ItemSchemas.reasoning, raw, path) as InputItem;
  if (DROPPED_ITEM_TYPES.has(type)) {
    ctx.warnings.push(`${path}: dropped a "${type}" item (its tool runs only on OpenAI's servers)`);
    return null;
  }
  throw invalidRequest(
    `${path}.type`,
    type === 'item_reference'
      ? 'item references are not supported; send the items themselves, or previous_response_id'
      : `unknown input item type "${type}"; use message, function_call, function_call_output or reasoning`,
    'unknown_item_type',
  );
}

function conversation(items: ReadonlyArray<unknown>, ctx: Ctx, keepReasoning: boolean, base: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  let reasoning: string[] = [];
  const lastAssistant = (): ChatAssistantMessage | null => {
    const last = out[out.length - 1];
    return last?.role === 'assistant' ? last : null;
  };
  const newAssistant = (content: string | null): ChatAssistantMessage => {
    const message: ChatAssistantMessage = { role: 'assistant', content };
    if (keepReasoning && reasoning.length) message.reasoning_content = reasoning.join('\n');
    reasoning = [];
    out.push(message);
    return message;
  };
  items.forEach((raw, i) => {
    const path = `${base}.${i}`;
    const item = itemOf(raw, path, ctx);
    if (!item) return;
    if (item.type === 'reasoning') {
      const texts = (item.content?.length ? item.content : (item.summary ?? [])).map((p) => p.text);
      reasoning.push(...texts.filter(Boolean));
    } else if (item.type === 'function_call') {
      const message = lastAssistant() ?? newAssistant(null);
      message.tool_calls = [
        ...(message.tool_calls ?? []),
        { id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } },
      ];
    } else if (item.type === 'function_call_output') {
      const parts = chatParts(item.output, `${path}.output`, ctx);
      const text = parts
        .filter((p) => p.type === 'text')
        .map((p) => (p as { text: string }).text)
        .join('\n');
      out.push({ role: 'tool', tool_call_id: item.call_id, content: text });
      const images = parts.filter((p) => p.type !== 'text');
      // Chat tool messages carry text only: images a tool returned follow as a user turn.
      if (images.length) out.push({ role: 'user', content: images as Exclude<ChatContentPart, { type: 'file' }>[] });
    } else {
      const parts = chatParts(item.content, `${path}.content`, ctx);
      if (item.role === 'assistant') {
        newAssistant(asText(parts.filter((p) => p.type === 'text')) ?? '');
      } else if (item.role === 'user') {
        const previous = out[out.length - 1];
        // Codex sends its environment context and the prompt as two user items; many chat
        // templates (Mistral, Gemma) insist that roles alternate, so they become one turn.
        if (previous?.role === 'user') {
          const before =
            typeof previous.content === 'string'
              ? [{ type: 'text' as const, text: previous.content }]
              : (previous.content as ChatContentPart[]);
          const joined = [...before, ...parts];
          previous.content = (asText(joined) ?? joined) as typeof previous.content;
        } else {
          out.push({ role: 'user', content: asText(parts) ?? (parts as Exclude<ChatContentPart, { type: 'file' }>[]) });
        }
      } else {
        out.push({ role: 'system', content: asText(parts.filter((p) => p.type === 'text')) ?? '' });
      }
    }
  });
  // Assistant turns that only called tools send null content, as OpenAI's chat format has it.
  for (const m of out) if (m.role === 'assistant' && m.content === '' && m.tool_calls?.length) m.content = null;
  return out;
}

/** One system message from `instructions` and the system/developer messages that open the input. */
function leadingSystem(instructions: string | null | undefined, messages: ChatMessage[]): ChatMessage[] {
  const texts = instructions ? [instructions] : [];
  let i = 0;
  for (; i < messages.length && messages[i].role === 'system'; i++) texts.push(messages[i].content as string);
  const rest = messages.slice(i);
  return texts.length ? [{ role: 'system', content: texts.join('\n\n') }, ...rest] : rest;
}

function tools(raw: Array<{ type: string }> | null | undefined, ctx: Ctx): ChatRequest['tools'] {
  const out: NonNullable<ChatRequest['tools']> = [];
  (raw ?? []).forEach((t, i) => {
    if (t.type !== 'function') {
      const name = (t as { name?: unknown }).name;
      ctx.warnings.push(
        `tools.${i}: dropped the built-in "${t.type}" tool${typeof name === 'string' ? ` "${name}"` : ''} (the target cannot run it)`,
      );
      return;
    }
    const tool = parseField(FunctionToolSchema, t, `tools.${i}`);
    out.push({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        parameters: tool.parameters ?? { type: 'object', properties: {} },
        ...(tool.strict != null ? { strict: tool.strict } : {}),
      },
    });
  });
  return out.length ? out : undefined;
}

/** Translates a /v1/responses body; throws a 400 (GatewayError) naming the bad field. */
export function responsesToChatRequest(
  body: unknown,
  options: ResponsesTranslationOptions = {},
): TranslatedResponsesRequest {
  const vllm = options.vllmExtras !== false;
  const parsed = parseResponsesRequest(body);
  const unsupported = (['conversation', 'prompt'] as const).find((k) => (body as Record<string, unknown>)[k] != null);
  if (unsupported) {
    throw invalidRequest(
      unsupported,
      `is not supported by this gateway; send the input items (and previous_response_id)`,
    );
  }
  if (parsed.background) throw invalidRequest('background', 'background responses are not supported; leave it false');
  if (parsed.input === undefined && !parsed.previous_response_id) throw invalidRequest('input', 'is required');
  const ctx: Ctx = { warnings: [] };

  const prior: Array<ResponseInputItem | Record<string, unknown>> = [];
  if (parsed.previous_response_id) {
    const found = options.previousResponse?.(parsed.previous_response_id) ?? null;
    if (!found) {
      throw invalidRequest(
        'previous_response_id',
        `no stored response "${parsed.previous_response_id}" (only responses created with store: true are kept)`,
        'previous_response_not_found',
      );
    }
    prior.push(...found.input, ...(found.output as Array<Record<string, unknown>>));
  }
  const own: Array<Record<string, unknown>> =
    typeof parsed.input === 'string'
      ? [{ type: 'message', role: 'user', content: parsed.input }]
      : ((parsed.input ?? []) as Array<Record<string, unknown>>);
  const messages = [...conversation(prior, ctx, vllm, 'previous_response'), ...conversation(own, ctx, vllm, 'input')];

  const chat: ChatRequest = { model: parsed.model, messages: leadingSystem(parsed.instructions, messages) };
  const chatTools = tools(parsed.tools, ctx);
  if (chatTools) {
    chat.tools = chatTools;
    const choice = parsed.tool_choice;
    if (typeof choice === 'string') chat.tool_choice = choice;
    else if (choice?.type === 'function' && choice.name) {
      chat.tool_choice = { type: 'function', function: { name: choice.name } };
    } else if (choice?.type === 'allowed_tools') {
      const allowed = new Set((choice.tools ?? []).map((t) => t.name));
      chat.tools = chatTools.filter((t) => allowed.has((t as { function: { name: string } }).function.name));
      chat.tool_choice = choice.mode ?? 'auto';
    } else if (choice) {
      ctx.warnings.push(`tool_choice: "${choice.type}" names a dropped built-in tool; the model chooses freely`);
    }
    if (parsed.parallel_tool_calls != null) chat.parallel_tool_calls = parsed.parallel_tool_calls;
  }
  if (parsed.max_output_tokens != null) chat.max_tokens = parsed.max_output_tokens;
  if (parsed.temperature != null) chat.temperature = parsed.temperature;
  if (parsed.top_p != null) chat.top_p = parsed.top_p;
  if (parsed.top_logprobs) {
    chat.logprobs = true;
    chat.top_logprobs = parsed.top_logprobs;
  }
  const effort = parsed.reasoning?.effort;
  if (effort === 'none') {
    if (vllm) chat.chat_template_kwargs = { enable_thinking: false, thinking: false };
  } else if (effort && EFFORTS[effort]) chat.reasoning_effort = EFFORTS[effort];
  const format = parsed.text?.format;
  if (format?.type === 'json_object') chat.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    chat.response_format = {
      type: 'json_schema',
      json_schema: {
        name: format.name,
        schema: format.schema,
        ...(format.description ? { description: format.description } : {}),
        ...(format.strict != null ? { strict: format.strict } : {}),
      },
    };
  }
  const user = parsed.user ?? parsed.safety_identifier;
  if (user) chat.user = user;
  if (parsed.stream) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }

  const echo: ResponseEcho = {
    instructions: parsed.instructions ?? null,
    metadata: parsed.metadata ?? null,
    parallel_tool_calls: parsed.parallel_tool_calls ?? true,
    temperature: parsed.temperature ?? null,
    tool_choice: (parsed.tool_choice ?? 'auto') as Response['tool_choice'],
    tools: (parsed.tools ?? []) as unknown as Response['tools'],
    top_p: parsed.top_p ?? null,
    max_output_tokens: parsed.max_output_tokens ?? null,
    previous_response_id: parsed.previous_response_id ?? null,
    reasoning: (parsed.reasoning ?? null) as Response['reasoning'],
    text: (parsed.text ?? { format: { type: 'text' } }) as Response['text'],
    truncation: parsed.truncation ?? 'disabled',
    // Only when given; not by `delete` afterwards, which turns the object into a slow dictionary
    // (every Response repeats these fields: copying and serialising them would cost several times more).
    ...(parsed.user === undefined ? {} : { user: parsed.user }),
    top_logprobs: parsed.top_logprobs ?? 0,
    store: parsed.store !== false,
  };
  return { chat, inputItems: [...prior, ...own], echo, warnings: ctx.warnings };
}
