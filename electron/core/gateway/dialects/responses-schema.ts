// The shape of an OpenAI Responses request, checked where the translation depends on it (item
// types, roles, content parts, function tools) and loose elsewhere: Codex sends `store`,
// `include`, `prompt_cache_key` and more that a chat target has no use for, and they must pass.
// Wire format: the `openai` SDK's `ResponseCreateParams`.
import { z } from 'zod';
import { jsonObject } from './invalid-request';

const text = z.string();

export const InputPartSchemas = {
  input_text: z.looseObject({ type: z.literal('input_text'), text }),
  output_text: z.looseObject({ type: z.literal('output_text'), text }),
  refusal: z.looseObject({ type: z.literal('refusal'), refusal: text }),
  input_image: z.looseObject({
    type: z.literal('input_image'),
    image_url: z.string().nullish(),
    file_id: z.string().nullish(),
    detail: z.string().nullish(),
  }),
  input_file: z.looseObject({ type: z.literal('input_file'), filename: z.string().nullish() }),
} as const;

export type InputPartType = keyof typeof InputPartSchemas;
export type InputPart = { [K in InputPartType]: z.infer<(typeof InputPartSchemas)[K]> }[InputPartType];

const parts = z.array(z.looseObject({ type: z.string() }));

export const ItemSchemas = {
  message: z.looseObject({
    type: z.literal('message').optional(),
    role: z.enum(['user', 'assistant', 'system', 'developer']),
    content: z.union([text, parts]),
  }),
  function_call: z.looseObject({
    type: z.literal('function_call'),
    call_id: z.string(),
    name: z.string(),
    arguments: z.string(),
  }),
  function_call_output: z.looseObject({
    type: z.literal('function_call_output'),
    call_id: z.string(),
    output: z.union([text, parts]),
  }),
  reasoning: z.looseObject({
    type: z.literal('reasoning'),
    summary: z.array(z.looseObject({ text })).optional(),
    content: z.array(z.looseObject({ text })).nullish(),
  }),
} as const;

export type ItemType = keyof typeof ItemSchemas;
export type InputItem = { [K in ItemType]: z.infer<(typeof ItemSchemas)[K]> }[ItemType];

/**
 * Items of built-in tools only OpenAI's servers run (and their outputs), and bookkeeping items:
 * dropped with a warning, since the tools themselves are dropped. Any other type is refused.
 */
export const DROPPED_ITEM_TYPES = new Set([
  'file_search_call',
  'computer_call',
  'computer_call_output',
  'web_search_call',
  'image_generation_call',
  'code_interpreter_call',
  'local_shell_call',
  'local_shell_call_output',
  'shell_call',
  'shell_call_output',
  'apply_patch_call',
  'apply_patch_call_output',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
  'custom_tool_call',
  'custom_tool_call_output',
  'tool_search_call',
  'tool_search_output',
  'additional_tools',
  'compaction',
  'compaction_trigger',
  'program',
  'program_output',
]);

export const FunctionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: jsonObject.nullish(),
  strict: z.boolean().nullish(),
});

const ToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({
    type: z.string(),
    name: z.string().optional(),
    mode: z.enum(['auto', 'required']).optional(),
    tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })).optional(),
  }),
]);

const TextFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string(),
    schema: jsonObject,
    description: z.string().optional(),
    strict: z.boolean().nullish(),
  }),
]);

export const ResponsesRequestSchema = z.looseObject({
  model: z.string().min(1, 'must name a model group (GET /v1/models lists them)'),
  input: z.union([text, z.array(z.unknown())]).optional(),
  instructions: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  tool_choice: ToolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int('must be a whole number').positive('must be at least 1').nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish() }).nullish(),
  text: z.looseObject({ format: TextFormatSchema.optional() }).nullish(),
  stream: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  user: z.string().optional(),
  safety_identifier: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  truncation: z.enum(['auto', 'disabled']).nullish(),
  background: z.boolean().nullish(),
});

export type ResponsesRequest = z.infer<typeof ResponsesRequestSchema>;
