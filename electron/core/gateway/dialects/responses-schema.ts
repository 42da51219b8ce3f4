// The shape of an OpenAI Responses request, checked where the translation depends on it (item
// types, roles, content parts, function tools) and loose elsewhere: Codex sends `store`,
// `include`, `prompt_cache_key` and more that a chat target has no use for, and they must pass.
// Wire format: the `openai` SDK's `ResponseCreateParams`.
import { z } from 'zod';
import { jsonObject, parseField } from './invalid-request';

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

const NESTED = ['tools', 'tool_choice', 'reasoning', 'text', 'metadata'] as const;
const nullish = (v: unknown) => v === undefined || v === null;
const optString = (v: unknown) => nullish(v) || typeof v === 'string';
const optBoolean = (v: unknown) => nullish(v) || typeof v === 'boolean';
const optNumberIn = (v: unknown, min: number, max: number) =>
  nullish(v) || (typeof v === 'number' && v >= min && v <= max);
const optWholeIn = (v: unknown, min: number, max: number) =>
  nullish(v) || (Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max);

/** Whether the body's own (not nested) fields are what the schema accepts: checked in one pass. */
function plainFieldsValid(b: Record<string, unknown>): boolean {
  return (
    typeof b.model === 'string' &&
    b.model.length > 0 &&
    (b.input === undefined || typeof b.input === 'string' || Array.isArray(b.input)) &&
    optString(b.instructions) &&
    optBoolean(b.parallel_tool_calls) &&
    optWholeIn(b.max_output_tokens, 1, Number.MAX_SAFE_INTEGER) &&
    optNumberIn(b.temperature, 0, 2) &&
    optNumberIn(b.top_p, 0, 1) &&
    optWholeIn(b.top_logprobs, 0, 20) &&
    optBoolean(b.stream) &&
    optString(b.previous_response_id) &&
    (b.user === undefined || typeof b.user === 'string') &&
    optString(b.safety_identifier) &&
    optBoolean(b.store) &&
    (nullish(b.truncation) || b.truncation === 'auto' || b.truncation === 'disabled') &&
    optBoolean(b.background)
  );
}

/**
 * The body as ResponsesRequestSchema parses it, or the 400 its parse gives. The body's own fields
 * are checked by hand in one pass and only the nested settings given (tools, tool_choice,
 * reasoning, text, metadata) go through zod, which orders their keys as the echo sends them: zod
 * over the whole body was most of what validating a short request cost. Anything the pass does
 * not accept is parsed by the whole schema, so every 400 is the schema's own.
 */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    if (plainFieldsValid(b)) {
      let out: Record<string, unknown> | null = null;
      for (const key of NESTED) {
        if (nullish(b[key])) continue;
        const nested = ResponsesRequestSchema.shape[key].safeParse(b[key]);
        if (!nested.success) return parseField(ResponsesRequestSchema, body, '');
        out ??= { ...b };
        out[key] = nested.data;
      }
      return (out ?? b) as ResponsesRequest;
    }
  }
  return parseField(ResponsesRequestSchema, body, '');
}
