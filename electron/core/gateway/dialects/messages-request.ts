// Anthropic Messages request → chat request in the common form, for an OpenAI-compatible target.
// System blocks become one system message (a system message after a user turn joins that turn);
// each user turn's tool_result blocks become `tool` messages, in order, before the rest of that
// turn; tool_use blocks become the assistant's tool_calls; thinking in the history rides along as
// `reasoning_content` (vLLM's templates read it back). Fields with no chat counterpart are
// dropped; what is dropped that changes the answer (server tools, PDF documents) comes back as a
// warning for the log.
import type { ChatAssistantMessage, ChatContentPart, ChatMessage, ChatRequest } from './chat-types';
import { invalidRequest, parseField } from './invalid-request';
import {
  BlockSchemas,
  CountTokensRequestSchema,
  DROPPED_BLOCK_TYPES,
  type HandledBlock,
  type HandledBlockType,
  MessageSchema,
  MessagesRequestSchema,
  ToolSchema,
} from './messages-schema';

export interface MessagesTranslationOptions {
  /**
   * Send the fields only vLLM-style servers read: `top_k`, `chat_template_kwargs` (thinking on or
   * off), earlier turns' `reasoning_content`, and `stream_options.continuous_usage_stats` (so the
   * first chunk carries the prompt's token count for `message_start`). Default true; false for
   * targets that refuse unknown fields, such as OpenAI itself.
   */
  vllmExtras?: boolean;
}

export interface TranslatedMessagesRequest {
  chat: ChatRequest;
  /** The client's stop sequences, to tell a stop-sequence stop from an end of turn. */
  stopSequences: string[];
  /** What was dropped that changes the answer, one line each, for the request log. */
  warnings: string[];
}

const EFFORTS: Record<string, 'low' | 'medium' | 'high'> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
  max: 'high',
};

/** A user turn's blocks, split into tool results (sent first) and the rest of the turn. */
interface UserTurn {
  toolMessages: ChatMessage[];
  parts: ChatContentPart[];
}

type Ctx = { warnings: string[] };

const textPart = (text: string): ChatContentPart => ({ type: 'text', text });

function blockOf(raw: { type: string }, path: string, ctx: Ctx): HandledBlock | null {
  if (!raw || typeof raw !== 'object' || typeof raw.type !== 'string') {
    throw invalidRequest(`${path}.type`, 'each content block needs a "type"', 'invalid_type');
  }
  const schema = Object.hasOwn(BlockSchemas, raw.type) ? BlockSchemas[raw.type as HandledBlockType] : undefined;
  if (schema) return parseField(schema as typeof BlockSchemas.text, raw, path) as HandledBlock;
  if (DROPPED_BLOCK_TYPES.has(raw.type)) {
    ctx.warnings.push(`${path}: dropped a "${raw.type}" block (only Anthropic's servers can use it)`);
    return null;
  }
  throw invalidRequest(
    `${path}.type`,
    `unknown content block type "${raw.type}"; this route takes text, image, document, search_result, thinking, redacted_thinking, tool_use and tool_result blocks`,
    'unknown_block_type',
  );
}

function imagePart(block: Extract<HandledBlock, { type: 'image' }>, path: string): ChatContentPart {
  const source = block.source;
  if (source.type === 'base64') {
    return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
  }
  if (source.type === 'url') return { type: 'image_url', image_url: { url: source.url } };
  throw invalidRequest(
    `${path}.source`,
    "file sources need Anthropic's Files API, which this gateway does not have; send the image as base64 or a URL",
    'unsupported_source',
  );
}

/** Text and images of a block inside a user turn or a tool result; null when it has none. */
function contentParts(block: HandledBlock, path: string, ctx: Ctx): ChatContentPart[] {
  switch (block.type) {
    case 'text':
      return [textPart(block.text)];
    case 'image':
      return [imagePart(block, path)];
    case 'search_result':
      return [textPart([`${block.title} (${block.source})`, ...block.content.map((c) => c.text)].join('\n'))];
    case 'compaction':
      return block.content ? [textPart(block.content)] : [];
    case 'document': {
      const source = block.source as { type: string; data?: unknown; content?: unknown };
      if (source.type === 'text' && typeof source.data === 'string') return [textPart(source.data)];
      if (source.type === 'content') {
        if (typeof source.content === 'string') return [textPart(source.content)];
        if (Array.isArray(source.content)) {
          return source.content.flatMap((c, i) => {
            const inner = blockOf(c as { type: string }, `${path}.source.content.${i}`, ctx);
            return inner ? contentParts(inner, `${path}.source.content.${i}`, ctx) : [];
          });
        }
      }
      ctx.warnings.push(`${path}: a ${source.type} document was replaced by a note (the target reads no PDFs)`);
      return [textPart('[A document was attached here; this model cannot read it.]')];
    }
    default:
      return [];
  }
}

const joinText = (parts: ChatContentPart[]) =>
  parts.every((p) => p.type === 'text') ? parts.map((p) => (p as { text: string }).text).join('\n') : null;

function userTurn(content: string | Array<{ type: string }>, path: string, ctx: Ctx): UserTurn {
  if (typeof content === 'string') return { toolMessages: [], parts: [textPart(content)] };
  const turn: UserTurn = { toolMessages: [], parts: [] };
  const toolImages: ChatContentPart[] = [];
  content.forEach((raw, i) => {
    const at = `${path}.${i}`;
    const block = blockOf(raw, at, ctx);
    if (!block) return;
    if (block.type === 'tool_result') {
      const inner =
        typeof block.content === 'string'
          ? [textPart(block.content)]
          : (block.content ?? []).flatMap((c, j) => {
              const b = blockOf(c, `${at}.content.${j}`, ctx);
              return b ? contentParts(b, `${at}.content.${j}`, ctx) : [];
            });
      // Chat tool messages carry text only: images a tool returned follow in the user turn.
      const text = inner
        .filter((p) => p.type === 'text')
        .map((p) => (p as { text: string }).text)
        .join('\n');
      toolImages.push(...inner.filter((p) => p.type !== 'text'));
      turn.toolMessages.push({
        role: 'tool',
        tool_call_id: block.tool_use_id,
        content: block.is_error ? `Error: ${text}` : text,
      });
    } else if (block.type === 'thinking' || block.type === 'redacted_thinking' || block.type === 'tool_use') {
      throw invalidRequest(`${at}.type`, `a "${block.type}" block belongs in an assistant message`, 'invalid_role');
    } else {
      turn.parts.push(...contentParts(block, at, ctx));
    }
  });
  turn.parts.push(...toolImages);
  return turn;
}

function assistantTurn(
  content: string | Array<{ type: string }>,
  path: string,
  ctx: Ctx,
  keepReasoning: boolean,
): ChatAssistantMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: NonNullable<ChatAssistantMessage['tool_calls']> = [];
  content.forEach((raw, i) => {
    const at = `${path}.${i}`;
    const block = blockOf(raw, at, ctx);
    if (!block) return;
    if (block.type === 'thinking') reasoning.push(block.thinking);
    else if (block.type === 'redacted_thinking')
      return; // encrypted for Anthropic's models only
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
    } else if (block.type === 'tool_result') {
      throw invalidRequest(`${at}.type`, 'a "tool_result" block belongs in a user message', 'invalid_role');
    } else {
      for (const p of contentParts(block, at, ctx)) if (p.type === 'text') texts.push(p.text);
    }
  });
  const message: ChatAssistantMessage = { role: 'assistant', content: texts.length ? texts.join('\n') : null };
  if (toolCalls.length) message.tool_calls = toolCalls;
  else if (message.content === null) message.content = '';
  if (keepReasoning && reasoning.length) message.reasoning_content = reasoning.join('\n');
  return message;
}

function systemText(system: string | Array<{ text: string }>): string {
  return typeof system === 'string' ? system : system.map((b) => b.text).join('\n\n');
}

function conversation(raw: unknown[], ctx: Ctx, keepReasoning: boolean): ChatMessage[] {
  const out: ChatMessage[] = [];
  raw.forEach((m, i) => {
    const path = `messages.${i}`;
    const message = parseField(MessageSchema, m, path);
    if (message.role === 'system') {
      const content = typeof message.content === 'string' ? message.content : null;
      const blocks = Array.isArray(message.content) ? message.content : [];
      const text =
        content ??
        blocks
          .map((b, j) => {
            const block = parseField(BlockSchemas.text, b, `${path}.content.${j}`);
            return block.text;
          })
          .join('\n\n');
      // Claude Code sends its reminders as a system message right after the user's words. Many
      // chat templates (Mistral, Gemma) refuse a system message after the first, and the reminder
      // belongs to that turn anyway, so it joins the user turn it follows.
      const previous = out[out.length - 1];
      if (previous?.role === 'user') {
        const before =
          typeof previous.content === 'string' ? [textPart(previous.content)] : (previous.content as ChatContentPart[]);
        const parts = [...before, textPart(text)];
        previous.content = (joinText(parts) ?? parts) as typeof previous.content;
      } else {
        out.push({ role: 'system', content: text });
      }
    } else if (message.role === 'assistant') {
      out.push(assistantTurn(message.content, `${path}.content`, ctx, keepReasoning));
    } else {
      const turn = userTurn(message.content, `${path}.content`, ctx);
      out.push(...turn.toolMessages);
      if (turn.parts.length === 0) return;
      const previous = out[out.length - 1];
      // Anthropic joins consecutive user turns; many chat templates insist that roles alternate.
      if (previous?.role === 'user' && turn.toolMessages.length === 0) {
        const before =
          typeof previous.content === 'string' ? [textPart(previous.content)] : (previous.content as ChatContentPart[]);
        const parts = [...before, ...turn.parts];
        previous.content = (joinText(parts) ?? parts) as typeof previous.content;
      } else {
        out.push({ role: 'user', content: (joinText(turn.parts) ?? turn.parts) as string });
      }
    }
  });
  return out;
}

function tools(raw: unknown[] | undefined, ctx: Ctx): ChatRequest['tools'] {
  if (!raw?.length) return undefined;
  const out: NonNullable<ChatRequest['tools']> = [];
  raw.forEach((t, i) => {
    const tool = parseField(ToolSchema, t, `tools.${i}`);
    if (tool.input_schema && (tool.type == null || tool.type === 'custom')) {
      out.push({
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description ? { description: tool.description } : {}),
          parameters: tool.input_schema,
        },
      });
    } else {
      ctx.warnings.push(
        `tools.${i}: dropped "${tool.name}" (${tool.type}): the target cannot run Anthropic's own tools`,
      );
    }
  });
  return out.length ? out : undefined;
}

/** The conversation part shared by /v1/messages and count_tokens. */
function translateConversation(
  body: ReturnType<typeof CountTokensRequestSchema.parse>,
  ctx: Ctx,
  keepReasoning: boolean,
): Pick<ChatRequest, 'messages' | 'tools' | 'tool_choice' | 'parallel_tool_calls'> {
  const messages = conversation(body.messages, ctx, keepReasoning);
  if (body.system !== undefined) {
    const text = systemText(body.system);
    if (text) messages.unshift({ role: 'system', content: text });
  }
  const out: ReturnType<typeof translateConversation> = { messages };
  const chatTools = tools(body.tools, ctx);
  if (chatTools) out.tools = chatTools;
  const choice = body.tool_choice;
  if (choice) {
    if (choice.type === 'none') out.tool_choice = 'none';
    else if (chatTools) {
      out.tool_choice =
        choice.type === 'auto'
          ? 'auto'
          : choice.type === 'any'
            ? 'required'
            : { type: 'function', function: { name: choice.name } };
    }
    if (choice.type !== 'none' && choice.disable_parallel_tool_use === true && chatTools)
      out.parallel_tool_calls = false;
  }
  return out;
}

/** Translates a /v1/messages body; throws a 400 (GatewayError) naming the bad field. */
export function messagesToChatRequest(
  body: unknown,
  options: MessagesTranslationOptions = {},
): TranslatedMessagesRequest {
  const vllm = options.vllmExtras !== false;
  const parsed = parseField(MessagesRequestSchema, body, '');
  const ctx: Ctx = { warnings: [] };
  const chat: ChatRequest = {
    model: parsed.model,
    ...translateConversation(parsed, ctx, vllm),
    max_tokens: parsed.max_tokens,
  };
  if (parsed.temperature !== undefined) chat.temperature = parsed.temperature;
  if (parsed.top_p !== undefined) chat.top_p = parsed.top_p;
  if (parsed.top_k !== undefined && vllm) chat.top_k = parsed.top_k;
  if (parsed.stop_sequences?.length) chat.stop = parsed.stop_sequences;
  if (parsed.metadata?.user_id) chat.user = parsed.metadata.user_id;
  if (parsed.stream === true) {
    chat.stream = true;
    chat.stream_options = vllm ? { include_usage: true, continuous_usage_stats: true } : { include_usage: true };
  }
  const thinking = parsed.thinking?.type;
  if (vllm && (thinking === 'enabled' || thinking === 'adaptive' || thinking === 'disabled')) {
    // Qwen3 and GLM templates read `enable_thinking`, DeepSeek and Granite read `thinking`.
    const on = thinking !== 'disabled';
    chat.chat_template_kwargs = { enable_thinking: on, thinking: on };
  }
  const effort = parsed.output_config?.effort;
  if (effort && EFFORTS[effort]) chat.reasoning_effort = EFFORTS[effort];
  const format = parsed.output_config?.format;
  if (format?.type === 'json_schema' && format.schema) {
    chat.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: format.schema } };
  }
  return { chat, stopSequences: parsed.stop_sequences ?? [], warnings: ctx.warnings };
}

/** The conversation of a count_tokens body, as chat messages and tools, for the estimate. */
export function countTokensToChatRequest(body: unknown): { chat: ChatRequest; warnings: string[] } {
  const parsed = parseField(CountTokensRequestSchema, body, '');
  const ctx: Ctx = { warnings: [] };
  return { chat: { model: parsed.model, ...translateConversation(parsed, ctx, true) }, warnings: ctx.warnings };
}
