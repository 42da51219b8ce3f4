// parseLitellmConfig: a LiteLLM proxy config.yaml → an ImportPlan, or every problem found, each
// with the field's path and line. Steps: YAML and includes → drop (and warn about) keys Switchyard
// does not read → environment → os.environ/ references → schema → meaning (providers, names,
// fallbacks, aliases). Nothing here touches the store.
import { buildImportPlan, type ImportPlan } from './import-plan';
import { dropUnknownKeys, issueMessage, LitellmConfig, LitellmSettings } from './litellm-schema';
import { effectiveEnv, loadConfigSource, resolveEnvRefs, type Env } from './litellm-source';
import type { ConfigIssue } from './source-locations';

export type { ImportPlan, PlannedEndpoint, SkippedEntry } from './import-plan';
export type { ConfigIssue } from './source-locations';

export interface ParseOptions {
  /** The config's path: named in messages, and the folder `include:` paths are relative to. */
  filePath?: string;
  /** The environment `os.environ/VAR` reads (the file's environment_variables are added to it). */
  env: Env;
  /** Reads an included file; defaults to the file system. */
  readFile?: (path: string) => string;
}

export type ParseResult =
  | {
      ok: true;
      plan: ImportPlan;
      warnings: string[];
      /** litellm_settings keys the gateway does not implement (callbacks, cache, …), each with its line. */
      ignored: string[];
    }
  | { ok: false; errors: ConfigIssue[] };

export function parseLitellmConfig(text: string, opts: ParseOptions): ParseResult {
  const source = loadConfigSource(text, opts);
  if (!source.ok) return source;
  const { value: raw, locations } = source.value;
  const settings = raw.litellm_settings;
  const implemented = Object.keys(LitellmSettings.shape);
  const ignored =
    typeof settings === 'object' && settings !== null && !Array.isArray(settings)
      ? Object.keys(settings)
          .filter((k) => !implemented.includes(k) && (settings as Record<string, unknown>)[k] !== null)
          .map((k) => locations.describe(['litellm_settings', k]))
      : [];
  // Unimplemented litellm_settings are reported once, as ignored, not again among the warnings.
  const warnings = [
    ...source.warnings,
    ...dropUnknownKeys(raw, locations).filter((w) => !ignored.some((i) => w.startsWith(`${i}:`))),
  ];

  const env = effectiveEnv(raw, locations, opts.env);
  if (!env.ok) return env;
  delete raw.environment_variables;
  const unresolved = resolveEnvRefs(raw, env.value, locations);
  if (unresolved.length > 0) return { ok: false, errors: unresolved };

  const parsed = LitellmConfig.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) =>
        locations.issue(issue.path as Array<string | number>, issueMessage(issue)),
      ),
    };
  }
  const planned = buildImportPlan(parsed.data, locations);
  if (!planned.ok) return planned;
  planned.plan.warnings = [...warnings, ...planned.plan.warnings];
  return { ok: true, plan: planned.plan, warnings: planned.plan.warnings, ignored };
}

/** One line per issue, for the CLI and logs: `config.yaml:12 model_list[2].litellm_params.model: …`. */
export function formatConfigIssue(issue: ConfigIssue, fallbackFile = 'config'): string {
  const where = `${issue.file ?? fallbackFile}${issue.line !== null ? `:${issue.line}` : ''}`;
  return `${where} ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}
