// The shape of an Anthropic Messages request, checked where the translation depends on it (roles,
// content block types and their fields) and loose everywhere else: Claude Code sends fields and
// beta features that come and go (context_management, output_config, cache_control, container …),
// and none of them may get a request refused. Wire format: the `@anthropic-ai/sdk` types.
import { z } from 'zod';
import { jsonObject } from './invalid-request';

const text = z.string();

export const SystemSchema = z.union([text, z.array(z.looseObject({ type: z.literal('text'), text }))]);

export const ImageSourceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
  z.looseObject({ type: z.literal('file'), file_id: z.string() }),
]);

/** The fields of each content block type the translation reads; other fields pass unread. */
export const BlockSchemas = {
  text: z.looseObject({ type: z.literal('text'), text }),
  image: z.looseObject({ type: z.literal('image'), source: ImageSourceSchema }),
  document: z.looseObject({ type: z.literal('document'), source: z.looseObject({ type: z.string() }) }),
  search_result: z.looseObject({
    type: z.literal('search_result'),
    source: z.string(),
    title: z.string(),
    content: z.array(z.looseObject({ type: z.literal('text'), text })),
  }),
  thinking: z.looseObject({ type: z.literal('thinking'), thinking: text }),
  redacted_thinking: z.looseObject({ type: z.literal('redacted_thinking') }),
  tool_use: z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }),
  tool_result: z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z.union([text, z.array(z.looseObject({ type: z.string() }))]).optional(),
    is_error: z.boolean().optional(),
  }),
  compaction: z.looseObject({ type: z.literal('compaction'), content: text.nullish() }),
} as const;

export type HandledBlockType = keyof typeof BlockSchemas;
export type HandledBlock = { [K in HandledBlockType]: z.infer<(typeof BlockSchemas)[K]> }[HandledBlockType];

/**
 * Block types Anthropic's API knows whose work only Anthropic's servers can do (server tools and
 * their results, MCP connectors, containers, tool search). They are dropped with a warning: an
 * OpenAI-compatible target has nothing to run them with, and refusing them would break a
 * conversation that used them earlier. A type outside both lists is refused, as Anthropic does.
 */
export const DROPPED_BLOCK_TYPES = new Set([
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'advisor_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'mcp_tool_listing',
  'container_upload',
  'tool_reference',
  'tool_addition',
  'tool_removal',
  'fallback',
]);

export const MessageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([text, z.array(z.looseObject({ type: z.string() }))]),
});

export const ToolSchema = z.looseObject({
  name: z.string().min(1),
  type: z.string().nullish(),
  description: z.string().nullish(),
  // Checked as an object, not walked: Claude Code's 24 tool schemas would cost more to copy than the rest.
  input_schema: jsonObject.optional(),
});

export const ToolChoiceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('none') }),
]);

const common = {
  model: z.string().min(1, 'must name a model group (GET /v1/models lists them)'),
  messages: z.array(z.unknown()).min(1, 'needs at least one message'),
  system: SystemSchema.optional(),
  tools: z.array(z.unknown()).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.number().optional() }).optional(),
  output_config: z
    .looseObject({
      effort: z.string().nullish(),
      format: z.looseObject({ type: z.string(), schema: jsonObject.optional() }).nullish(),
    })
    .optional(),
};

export const MessagesRequestSchema = z.looseObject({
  ...common,
  max_tokens: z
    .number({
      error: (issue) =>
        issue.input === undefined
          ? 'is required on /v1/messages: the most tokens the answer may have, e.g. 1024'
          : 'must be a number',
    })
    .int('must be a whole number')
    .positive('must be at least 1'),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(-1).optional(),
  stop_sequences: z.array(z.string()).optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
});

/** count_tokens takes the same conversation without the generation settings. */
export const CountTokensRequestSchema = z.looseObject(common);

export type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
export type CountTokensRequest = z.infer<typeof CountTokensRequestSchema>;
