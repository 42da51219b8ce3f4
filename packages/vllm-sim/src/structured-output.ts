// Structured outputs as vLLM's guided decoding produces them: `response_format` json_object or
// json_schema, `structured_outputs` (json, json_object, choice) and the older `guided_json` /
// `guided_choice` fields. The answer is then the text the grammar allows: JSON valid against the
// schema (any object for json_object), or one of the choices.
import { VllmError } from './http-io';
import { pythonJson, valueForSchema } from './json-schema-value';
import { Prng } from './prng';
import { VOCAB_WORDS } from './vocabulary';

export type OutputConstraint =
  | { kind: 'json'; schema: unknown }
  | { kind: 'json_object' }
  | { kind: 'choice'; choices: string[] };

function schemaOf(raw: unknown, field: string): unknown {
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw);
    } catch {
      throw new VllmError(400, `${field} is not valid JSON: give a JSON schema object.`, 'BadRequestError', field);
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new VllmError(400, `${field} must be a JSON schema object.`, 'BadRequestError', field);
  }
  return raw;
}

function choicesOf(raw: unknown, field: string): string[] {
  if (!Array.isArray(raw) || !raw.length || !raw.every((c) => typeof c === 'string')) {
    throw new VllmError(400, `${field} must be a non-empty list of strings.`, 'BadRequestError', field);
  }
  return raw as string[];
}

/** The request's output constraint, or null for free text. */
export function parseOutputConstraint(body: Record<string, unknown>): OutputConstraint | null {
  const format = body.response_format as { type?: unknown; json_schema?: { schema?: unknown } } | undefined | null;
  if (format !== undefined && format !== null) {
    if (typeof format !== 'object' || typeof format.type !== 'string') {
      throw new VllmError(
        400,
        `[{'type': 'missing', 'loc': ('body', 'response_format', 'type'), 'msg': 'Field required'}]`,
        'BadRequestError',
        'response_format',
      );
    }
    if (format.type === 'json_object') return { kind: 'json_object' };
    if (format.type === 'json_schema') {
      if (!format.json_schema || typeof format.json_schema !== 'object') {
        throw new VllmError(
          400,
          'response_format of type json_schema needs a json_schema field with the schema.',
          'BadRequestError',
          'response_format',
        );
      }
      return { kind: 'json', schema: schemaOf(format.json_schema.schema ?? {}, 'response_format.json_schema.schema') };
    }
    if (format.type !== 'text' && format.type !== 'structural_tag') {
      throw new VllmError(
        400,
        `[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': "Input should be 'text', 'json_object', 'json_schema' or 'structural_tag'", 'input': '${format.type}'}]`,
        'BadRequestError',
        'response_format',
      );
    }
  }
  const so = body.structured_outputs as { json?: unknown; json_object?: unknown; choice?: unknown } | undefined | null;
  if (so && typeof so === 'object') {
    if (so.json !== undefined && so.json !== null)
      return { kind: 'json', schema: schemaOf(so.json, 'structured_outputs.json') };
    if (so.json_object === true) return { kind: 'json_object' };
    if (so.choice !== undefined && so.choice !== null)
      return { kind: 'choice', choices: choicesOf(so.choice, 'structured_outputs.choice') };
  }
  if (body.guided_json !== undefined && body.guided_json !== null)
    return { kind: 'json', schema: schemaOf(body.guided_json, 'guided_json') };
  if (body.guided_choice !== undefined && body.guided_choice !== null)
    return { kind: 'choice', choices: choicesOf(body.guided_choice, 'guided_choice') };
  return null;
}

/** The text the grammar lets the model write, drawn from `seed`. */
export function constrainedText(constraint: OutputConstraint, seed: number): string {
  const prng = new Prng(seed ^ 0x2545f491);
  if (constraint.kind === 'choice') return constraint.choices[prng.int(0, constraint.choices.length - 1)];
  if (constraint.kind === 'json') return pythonJson(valueForSchema(constraint.schema, prng));
  const word = () => VOCAB_WORDS[prng.int(0, VOCAB_WORDS.length - 1)];
  const out: Record<string, string> = {};
  for (let i = prng.int(1, 3); i > 0; i--) out[word()] = `${word()} ${word()}`;
  return pythonJson(out);
}
