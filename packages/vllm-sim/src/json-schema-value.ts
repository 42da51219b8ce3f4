// A value that validates against a JSON schema, drawn from a seeded PRNG: what the simulator
// "generates" under guided decoding (tool-call arguments, response_format json_schema). Covers the
// schema subset tools and structured outputs use: types, enum/const, object properties and
// required, arrays with item counts, string lengths and formats, numeric bounds, anyOf/oneOf/allOf
// and local $refs. Strings come from the vocabulary so they re-encode to the same tokens.
import type { Prng } from './prng';
import { VOCAB_WORDS } from './vocabulary';

type Schema = Record<string, unknown>;

export interface ValueHints {
  /** A directory the conversation names (an agent's working directory), for absolute paths. */
  workingDirectory?: string;
  /** The share of optional object properties that get a value (0.3). */
  optionalShare?: number;
}

const MAX_DEPTH = 8;
/** Bounds on what a schema may ask for, so a hostile one cannot hang the server. */
const MAX_ITEMS = 64;
const MAX_STRING = 4096;

/** Property names that want a file path rather than words. */
const PATH_NAME = /(^|_)(file_?path|path|filename|file|notebook_path)$/i;

export function valueForSchema(schema: unknown, prng: Prng, hints: ValueHints = {}): unknown {
  return new ValueDrawer(isSchema(schema) ? schema : {}, prng, hints).draw(isSchema(schema) ? schema : {}, '', 0);
}

/** JSON text as Python's json.dumps(…, ensure_ascii=False) writes it (", " and ": " separators). */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class ValueDrawer {
  constructor(
    private readonly root: Schema,
    private readonly prng: Prng,
    private readonly hints: ValueHints,
  ) {}

  draw(schema: Schema, name: string, depth: number): unknown {
    const s = this.resolve(schema, depth);
    // A schema that requires itself forever has no finite value: stop with the smallest one.
    if (depth > MAX_DEPTH * 2)
      return { object: {}, array: [], string: '', integer: 0, number: 0, boolean: false }[this.typeOf(s)] ?? null;
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum) && s.enum.length) return s.enum[this.prng.int(0, s.enum.length - 1)];
    if (Array.isArray(s.allOf) && s.allOf.length) return this.draw(this.mergeAll(s), name, depth + 1);
    const options = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : null)?.filter(isSchema);
    if (options?.length) {
      // The first option that is not null: oneOf then matches one option only, in practice.
      const pick = options.find((o) => this.resolve(o, depth).type !== 'null') ?? options[0];
      return this.draw({ ...s, anyOf: undefined, oneOf: undefined, ...this.resolve(pick, depth) }, name, depth + 1);
    }
    switch (this.typeOf(s)) {
      case 'object':
        return this.object(s, depth);
      case 'array':
        return this.array(s, name, depth);
      case 'integer':
        return this.integer(s, name);
      case 'number':
        return this.number(s);
      case 'boolean':
        return this.prng.next() < 0.5;
      case 'null':
        return null;
      default:
        return this.string(s, name);
    }
  }

  private resolve(schema: Schema, depth: number): Schema {
    let s = schema;
    for (let hops = 0; typeof s.$ref === 'string' && hops < 16 && depth < MAX_DEPTH * 2; hops++) {
      const ref = s.$ref as string;
      let target: unknown = ref === '#' ? this.root : undefined;
      if (ref.startsWith('#/')) {
        target = this.root;
        for (const part of ref.slice(2).split('/')) {
          const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
          target = isSchema(target) ? target[key] : undefined;
        }
      }
      const { $ref: _, ...rest } = s;
      s = { ...(isSchema(target) ? target : {}), ...rest };
    }
    return s;
  }

  private mergeAll(s: Schema): Schema {
    const parts = [s, ...(s.allOf as unknown[]).filter(isSchema).map((p) => this.resolve(p, 0))];
    const merged: Schema = { ...s, allOf: undefined };
    const properties: Record<string, unknown> = {};
    const required = new Set<string>();
    for (const p of parts) {
      if (isSchema(p.properties)) Object.assign(properties, p.properties);
      if (Array.isArray(p.required)) for (const r of p.required) required.add(String(r));
      for (const [k, v] of Object.entries(p)) if (!['properties', 'required', 'allOf'].includes(k)) merged[k] ??= v;
    }
    if (Object.keys(properties).length) merged.properties = properties;
    if (required.size) merged.required = [...required];
    return merged;
  }

  private typeOf(s: Schema): string {
    const t = Array.isArray(s.type) ? (s.type.find((x) => x !== 'null') ?? s.type[0]) : s.type;
    if (typeof t === 'string') return t;
    if (isSchema(s.properties) || Array.isArray(s.required)) return 'object';
    if (s.items !== undefined || s.prefixItems !== undefined) return 'array';
    if (s.minimum !== undefined || s.maximum !== undefined) return 'number';
    return 'string';
  }

  private object(s: Schema, depth: number): Record<string, unknown> {
    const properties = isSchema(s.properties) ? s.properties : {};
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    const minProperties = typeof s.minProperties === 'number' ? s.minProperties : 0;
    const out: Record<string, unknown> = {};
    const names = Object.keys(properties);
    // Optional properties now and then, never deep down (recursive schemas must end).
    const share = this.hints.optionalShare ?? 0.3;
    const wanted = names.filter((n) => required.has(n) || (depth < 3 && this.prng.next() < share));
    for (const n of names) if (wanted.length < minProperties && !wanted.includes(n)) wanted.push(n);
    for (const n of names) {
      if (!wanted.includes(n)) continue;
      const sub = properties[n];
      out[n] = this.draw(isSchema(sub) ? sub : {}, n, depth + 1);
    }
    // Required names without a property schema still need a value.
    for (const r of required) if (!(r in out)) out[r] = this.words(1, 2);
    return out;
  }

  private array(s: Schema, name: string, depth: number): unknown[] {
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems.slice(0, MAX_ITEMS).filter(isSchema) : [];
    const items = isSchema(s.items) ? s.items : {};
    const min = Math.min(MAX_ITEMS, typeof s.minItems === 'number' ? s.minItems : depth >= 4 ? 0 : 1);
    const max = Math.min(MAX_ITEMS, typeof s.maxItems === 'number' ? s.maxItems : Math.max(min, 2) + 1);
    let count = this.prng.int(Math.max(min, prefix.length), Math.max(min, Math.min(max, min + 2)));
    if (Array.isArray(items.enum) && s.uniqueItems === true) count = Math.min(count, items.enum.length);
    // A command as an argv list: one word, `ls`.
    if (/^(command|cmd)$/i.test(name) && min <= 1 && !prefix.length) count = 1;
    const out: unknown[] = [];
    const seen = new Set<string>();
    for (let i = 0, tries = 0; out.length < count && tries < count * 10; tries++) {
      const value =
        i < prefix.length ? this.draw(prefix[i], name, depth + 1) : this.draw(items, singular(name), depth + 1);
      if (s.uniqueItems === true && seen.has(JSON.stringify(value))) continue;
      seen.add(JSON.stringify(value));
      out.push(value);
      i++;
    }
    return out;
  }

  private bounds(s: Schema, fallback: [number, number]): [number, number] {
    let lo = typeof s.minimum === 'number' ? s.minimum : -Infinity;
    let hi = typeof s.maximum === 'number' ? s.maximum : Infinity;
    if (typeof s.exclusiveMinimum === 'number') lo = Math.max(lo, s.exclusiveMinimum + 1e-9);
    if (typeof s.exclusiveMaximum === 'number') hi = Math.min(hi, s.exclusiveMaximum - 1e-9);
    if (lo === -Infinity && hi === Infinity) return fallback;
    if (lo === -Infinity) lo = Math.min(hi, fallback[0]) - (hi < fallback[0] ? 10 : 0);
    if (hi === Infinity) hi = Math.max(lo, fallback[1]) + (lo > fallback[1] ? 10 : 0);
    return [lo, hi];
  }

  private integer(s: Schema, name: string): number {
    const small = /limit|count|num|max|top|size|depth|lines|n$/i.test(name);
    const [lo, hi] = this.bounds(s, small ? [1, 10] : [1, 100]);
    const step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : 1;
    const first = Math.ceil(lo / step);
    const last = Math.floor(hi / step);
    return last < first ? Math.ceil(lo) : this.prng.int(first, last) * step;
  }

  private number(s: Schema): number {
    const [lo, hi] = this.bounds(s, [0, 100]);
    const v = Math.round((lo + this.prng.next() * (hi - lo)) * 100) / 100;
    return Math.min(hi, Math.max(lo, v));
  }

  private string(s: Schema, name: string): string {
    let text = this.stringFor(s, name);
    const min = Math.min(MAX_STRING, typeof s.minLength === 'number' ? s.minLength : 0);
    const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
    while (text.length < min) text += (text ? ' ' : '') + this.words(1, 1);
    if (text.length > max) text = text.slice(0, max);
    if (typeof s.pattern === 'string') text = this.matchPattern(s.pattern, text);
    return text;
  }

  private stringFor(s: Schema, name: string): string {
    switch (s.format) {
      case 'date-time':
        return '2026-01-15T10:30:00Z';
      case 'date':
        return '2026-01-15';
      case 'time':
        return '10:30:00';
      case 'email':
        return `${this.words(1, 1)}@example.com`;
      case 'uri':
      case 'url':
        return `https://example.com/${this.words(1, 1)}`;
      case 'uuid':
        return uuidFrom(this.prng);
      case 'ipv4':
        return '192.0.2.1';
      case 'hostname':
        return 'example.com';
    }
    if (PATH_NAME.test(name)) {
      const dir = this.hints.workingDirectory;
      return dir ? `${dir.replace(/\/+$/, '')}/README.md` : 'README.md';
    }
    if (/^(command|cmd)$/i.test(name)) return 'ls';
    if (/url/i.test(name)) return `https://example.com/${this.words(1, 1)}`;
    if (/pattern|glob/i.test(name)) return '**/*.md';
    if (/description|content|text|prompt|message/i.test(name)) return this.words(4, 9);
    return this.words(1, 3);
  }

  private matchPattern(pattern: string, text: string): string {
    let re: RegExp;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      return text;
    }
    for (const candidate of [text, ...text.split(' '), 'a', 'abc', 'A1', '1', 'a-b', 'abc123']) {
      if (re.test(candidate)) return candidate;
    }
    return text;
  }

  private words(min: number, max: number): string {
    const n = this.prng.int(min, max);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(VOCAB_WORDS[this.prng.int(0, VOCAB_WORDS.length - 1)]);
    return out.join(' ');
  }
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function uuidFrom(prng: Prng): string {
  const hex = Array.from({ length: 32 }, () => prng.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
