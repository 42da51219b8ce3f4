// Reading a LiteLLM config.yaml the way LiteLLM's proxy does: YAML 1.1 (PyYAML's dialect, merge
// keys included), `include:` files merged into the root (lists appended, other keys replaced),
// `environment_variables:` added to the environment, and `os.environ/VAR` strings replaced by
// the variable's value. Every value keeps its file and line for error messages.
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigFileError, readConfigFile } from './read-config-file';
import { type ConfigIssue, type PathSegment, SourceLocations } from './source-locations';

export type Env = Record<string, string | undefined>;

export interface SourceOptions {
  /** The config's path: names it in messages and anchors relative `include` paths (else the working dir). */
  filePath?: string;
  env: Env;
  readFile?: (path: string) => string;
}

export type RawConfig = Record<string, unknown>;

export type Loaded<T> = { ok: true; value: T; warnings: string[] } | { ok: false; errors: ConfigIssue[] };

const ENV_REF = /^os\.environ\/(.*)$/;
/** Each file is at most 4 MiB (read-config-file.ts); all included files together at most this. */
const MAX_INCLUDED_CHARS = 16 * 1024 * 1024;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ParsedFile {
  value: RawConfig;
  locations: SourceLocations;
}

function parseFile(text: string, file: string | undefined, warnings: string[]): Loaded<ParsedFile> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.1', merge: true, uniqueKeys: true, prettyErrors: false });
  const lineAt = (pos: number) => lineCounter.linePos(pos).line;
  const at = (line: number | null): Pick<ConfigIssue, 'line' | 'file'> => ({ line, ...(file ? { file } : {}) });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ path: '', ...at(lineAt(e.pos[0])), message: `not valid YAML: ${e.message}` })),
    };
  }
  for (const w of doc.warnings) warnings.push(`${file ?? 'config'} line ${lineAt(w.pos[0])}: ${w.message}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, errors: [{ path: '', ...at(null), message: `could not be read: ${(err as Error).message}` }] };
  }
  if (value == null)
    return {
      ok: false,
      errors: [{ path: '', ...at(null), message: 'is empty: a LiteLLM config needs at least a model_list' }],
    };
  if (!isRecord(value)) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          ...at(1),
          message: 'must be a mapping with model_list, router_settings, litellm_settings, general_settings…',
        },
      ],
    };
  }
  return { ok: true, value: { value, locations: SourceLocations.fromNode(doc.contents, lineCounter, file) }, warnings };
}

/**
 * Parses the config and merges its `include:` files into it, as LiteLLM's proxy does: a list in an
 * included file is appended to the root's list of the same key; any other key replaces the root's.
 */
export function loadConfigSource(text: string, opts: SourceOptions): Loaded<ParsedFile> {
  const warnings: string[] = [];
  const root = parseFile(text, opts.filePath, warnings);
  if (!root.ok) return root;
  const { value, locations } = root.value;
  if (!('include' in value)) return { ok: true, value: root.value, warnings };

  const includes = value.include;
  delete value.include;
  if (!Array.isArray(includes))
    return {
      ok: false,
      errors: [locations.issue(['include'], 'must be a list of file paths, relative to this config')],
    };
  const read = opts.readFile ?? readConfigFile;
  const baseDir = opts.filePath ? dirname(resolve(opts.filePath)) : process.cwd();
  const errors: ConfigIssue[] = [];
  let includedChars = 0;
  includes.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry.trim() === '') {
      errors.push(locations.issue(['include', i], 'must be a file path (a string)'));
      return;
    }
    const path = resolve(baseDir, entry);
    let included: string;
    try {
      included = read(path);
      includedChars += included.length;
      if (includedChars > MAX_INCLUDED_CHARS)
        throw new Error(
          `the included files together pass ${MAX_INCLUDED_CHARS / 1024 / 1024} Mi characters; merge or trim them`,
        );
    } catch (err) {
      errors.push(
        locations.issue(
          ['include', i],
          err instanceof ConfigFileError ? err.message : `cannot read ${path}: ${(err as Error).message}`,
        ),
      );
      return;
    }
    const parsed = parseFile(included, path, warnings);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      return;
    }
    for (const [key, incoming] of Object.entries(parsed.value.value)) {
      if (key === 'include') {
        warnings.push(
          `${parsed.value.locations.describe(['include'])}: includes inside an included file are not followed (LiteLLM does not either); ignored`,
        );
        continue;
      }
      const existing = value[key];
      if (Array.isArray(existing) && Array.isArray(incoming)) {
        locations.appendList(key, parsed.value.locations, existing.length);
        existing.push(...incoming);
      } else {
        if (key in value)
          warnings.push(
            `${parsed.value.locations.describe([key])}: replaces ${key} from ${opts.filePath ?? 'the config'}`,
          );
        value[key] = incoming;
        locations.replaceKey(key, parsed.value.locations);
      }
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: root.value, warnings };
}

/**
 * The environment `os.environ/` references read: the caller's, plus the file's own
 * `environment_variables:` (which win, as LiteLLM sets them into os.environ at start).
 */
export function effectiveEnv(config: RawConfig, locations: SourceLocations, env: Env): Loaded<Env> {
  const vars = config.environment_variables;
  if (vars === undefined || vars === null) return { ok: true, value: env, warnings: [] };
  if (!isRecord(vars))
    return { ok: false, errors: [locations.issue(['environment_variables'], 'must be a mapping of NAME: value')] };
  const out: Env = { ...env };
  const errors: ConfigIssue[] = [];
  for (const [name, raw] of Object.entries(vars)) {
    const path = ['environment_variables', name];
    if (typeof raw === 'string') {
      const ref = ENV_REF.exec(raw);
      if (ref && env[ref[1]] === undefined) errors.push(locations.issue(path, missingVarMessage(ref[1])));
      else out[name] = ref ? env[ref[1]] : raw;
    } else if (typeof raw === 'number' || typeof raw === 'boolean') {
      out[name] = String(raw);
    } else {
      errors.push(locations.issue(path, 'must be a string, number or boolean'));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out, warnings: [] };
}

const missingVarMessage = (name: string) =>
  name === ''
    ? 'os.environ/ names no variable: write os.environ/NAME'
    : `environment variable ${name} is not set (the file reads os.environ/${name}); set it, or add it under environment_variables`;

/** Replaces every `os.environ/VAR` string in `value` (in place), reporting each unset variable at its field. */
export function resolveEnvRefs(
  value: unknown,
  env: Env,
  locations: SourceLocations,
  path: PathSegment[] = [],
): ConfigIssue[] {
  const errors: ConfigIssue[] = [];
  const visit = (container: Record<string, unknown> | unknown[], key: string | number, at: PathSegment[]) => {
    const v = (container as Record<string | number, unknown>)[key];
    if (typeof v === 'string') {
      const ref = ENV_REF.exec(v);
      if (!ref) return;
      const resolved = env[ref[1]];
      if (resolved === undefined || ref[1] === '') errors.push(locations.issue(at, missingVarMessage(ref[1])));
      else (container as Record<string | number, unknown>)[key] = resolved;
    } else if (Array.isArray(v)) {
      v.forEach((_, i) => visit(v, i, [...at, i]));
    } else if (isRecord(v)) {
      for (const k of Object.keys(v)) visit(v, k, [...at, k]);
    }
  };
  if (Array.isArray(value)) value.forEach((_, i) => visit(value, i, [...path, i]));
  else if (isRecord(value)) for (const k of Object.keys(value)) visit(value, k, [...path, k]);
  return errors;
}
