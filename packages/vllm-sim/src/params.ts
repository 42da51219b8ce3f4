// Reading request fields the way vLLM's pydantic models do: absent or null means "not given",
// a value of the wrong type is a 400 whose message names the field, like pydantic's errors.
import { VllmError } from './http-io';

type Body = Record<string, unknown>;

function invalid(field: string, kind: string, msg: string, input: unknown): VllmError {
  const shown = typeof input === 'string' ? `'${input}'` : JSON.stringify(input);
  return new VllmError(
    400,
    `[{'type': '${kind}', 'loc': ('body', '${field}'), 'msg': '${msg}', 'input': ${shown}}]`,
    'BadRequestError',
    field,
  );
}

export function optInt(body: Body, field: string, min?: number): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw invalid(field, 'int_type', 'Input should be a valid integer', v);
  if (min !== undefined && v < min) {
    throw new VllmError(400, `${field} must be at least ${min}, got ${v}.`, 'BadRequestError', field);
  }
  return v;
}

export function optNumber(body: Body, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw invalid(field, 'float_type', 'Input should be a valid number', v);
  return v;
}

export function optBool(body: Body, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(field, 'bool_type', 'Input should be a valid boolean', v);
  return v;
}

export function optObject(body: Body, field: string): Body | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    throw invalid(field, 'model_type', 'Input should be a valid dictionary', v);
  return v as Body;
}

/** `stop`: a string or a list of strings. */
export function stopStrings(body: Body): string[] {
  const v = body.stop;
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v ? [v] : [];
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return (v as string[]).filter(Boolean);
  throw invalid('stop', 'string_type', 'Input should be a valid string', v);
}

export function intList(body: Body, field: string): number[] {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x) => Number.isInteger(x))) return v as number[];
  throw invalid(field, 'list_type', 'Input should be a valid list of integers', v);
}

/** The sampling fields shared by chat and completions, checked as vLLM checks them. */
export interface SamplingFields {
  n: number;
  maxTokens: number | null;
  minTokens: number;
  ignoreEos: boolean;
  seed: number | undefined;
  stop: string[];
  stopTokenIds: number[];
  includeStopStr: boolean;
  stream: boolean;
  includeUsage: boolean;
  continuousUsage: boolean;
}

export function samplingFields(
  body: Body,
  maxTokensField: number | undefined,
  forceIncludeUsage: boolean,
): SamplingFields {
  const n = optInt(body, 'n', 1) ?? 1;
  const temperature = optNumber(body, 'temperature');
  if (temperature !== undefined && temperature < 0) {
    throw new VllmError(400, `temperature must be non-negative, got ${temperature}.`, 'BadRequestError', 'temperature');
  }
  const topP = optNumber(body, 'top_p');
  if (topP !== undefined && (topP <= 0 || topP > 1)) {
    throw new VllmError(400, `top_p must be in (0, 1], got ${topP}.`, 'BadRequestError', 'top_p');
  }
  const stream = optBool(body, 'stream') ?? false;
  const streamOptions = optObject(body, 'stream_options');
  if (streamOptions && !stream) {
    throw new VllmError(
      400,
      'Stream options can only be defined when `stream=True`.',
      'BadRequestError',
      'stream_options',
    );
  }
  const includeUsage = streamOptions?.include_usage === true || forceIncludeUsage;
  return {
    n,
    maxTokens: maxTokensField ?? null,
    minTokens: optInt(body, 'min_tokens', 0) ?? 0,
    ignoreEos: optBool(body, 'ignore_eos') ?? false,
    seed: optInt(body, 'seed'),
    stop: stopStrings(body),
    stopTokenIds: intList(body, 'stop_token_ids'),
    includeStopStr: optBool(body, 'include_stop_str_in_output') ?? false,
    stream,
    includeUsage,
    continuousUsage: includeUsage && streamOptions?.continuous_usage_stats === true,
  };
}
