// A small JSON-schema checker for the simulator suites, written apart from the simulator's value
// generator so the two cannot share a mistake: it returns the reasons a value fails (empty when
// it validates) for the subset tools and structured outputs use.
type Schema = Record<string, unknown>;

const typeOk = (t: string, v: unknown): boolean => {
  switch (t) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      return true;
  }
};

export function schemaErrors(value: unknown, schema: Schema, root: Schema = schema, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    let target: unknown = root;
    for (const part of (schema.$ref as string).replace(/^#\/?/, '').split('/').filter(Boolean)) {
      target = (target as Schema)?.[part];
    }
    const { $ref: _, ...rest } = schema;
    return schemaErrors(value, { ...(target as Schema), ...rest }, root, at);
  }
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${at}: ${why}`);
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) fail('not the const');
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    fail(`${JSON.stringify(value)} not in enum`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeOk(t, value))) return [`${at}: ${JSON.stringify(value)} is not ${types.join('|')}`];
  }
  for (const sub of (schema.allOf as Schema[] | undefined) ?? []) errors.push(...schemaErrors(value, sub, root, at));
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => !schemaErrors(value, s, root, at).length))
    fail('matches no anyOf option');
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((s) => !schemaErrors(value, s, root, at).length).length !== 1)
    fail('does not match exactly one oneOf option');
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail('too short');
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) fail('too long');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern');
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) fail('not a date-time');
    if (schema.format === 'email' && !/^[^@\s]+@[^@\s]+$/.test(value)) fail('not an email');
    if (schema.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value))
      fail('not a uuid');
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('below minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('above maximum');
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      fail('not above exclusiveMinimum');
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
      fail('not below exclusiveMaximum');
    if (
      typeof schema.multipleOf === 'number' &&
      Math.abs(value / schema.multipleOf - Math.round(value / schema.multipleOf)) > 1e-9
    )
      fail('not a multiple');
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('too few items');
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('too many items');
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
      fail('items not unique');
    if (schema.items && typeof schema.items === 'object')
      value.forEach((v, i) => errors.push(...schemaErrors(v, schema.items as Schema, root, `${at}[${i}]`)));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in obj)) fail(`missing ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errors.push(...schemaErrors(v, props[k], root, `${at}.${k}`));
      else if (schema.additionalProperties === false) fail(`unexpected property ${k}`);
    }
    if (typeof schema.minProperties === 'number' && Object.keys(obj).length < schema.minProperties)
      fail('too few properties');
  }
  return errors;
}
