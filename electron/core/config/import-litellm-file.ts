// A LiteLLM config.yaml imported into the store: read (a regular file of bounded size), validated
// whole, applied in one transaction, then announced as one routing change. Entries Switchyard
// cannot serve (a provider it does not speak) are left out and reported with their lines; with
// `strict` they refuse the whole file instead. Either way nothing is half-applied. Used by the
// admin call config.importLitellm, `switchyard import` and serve --config at start.
import type { ChangeNotice } from '../changes';
import { ApiError } from '../errors';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';
import { applyImportPlan } from './apply-import';
import type { SkippedEntry } from './import-plan';
import { formatConfigIssue, parseLitellmConfig } from './litellm-import';
import { readConfigFile } from './read-config-file';

export interface ImportDeps {
  store: Store;
  secrets: SecretBox;
  /** Absent at start (serve --config), before the gateway first loads its table: no one to tell yet. */
  changes?: ChangeNotice;
  /** Where skipped entries and ignored settings are logged; console.warn by default. */
  log?: (line: string) => void;
}

export interface ImportSource {
  path?: string;
  yaml?: string;
  /** Refuse the file when any entry would be skipped. */
  strict?: boolean;
}

/** `config.yaml:12 model_list[2] (model_name "claude"): skipped: provider "bedrock" is not supported…` */
export function formatSkipped(s: SkippedEntry, fallbackFile = 'config.yaml'): string {
  const where = `${s.file ?? fallbackFile}${s.line !== null ? `:${s.line}` : ''}`;
  return `${where} model_list[${s.index}] (model_name "${s.modelName}"): ${s.reason}`;
}

/** Parses and applies a LiteLLM config; throws ApiError naming each bad field with its file and line. */
export function importLitellm({ store, secrets, changes, log = console.warn }: ImportDeps, source: ImportSource) {
  let text = source.yaml;
  if (source.path) {
    try {
      text = readConfigFile(source.path);
    } catch (err) {
      throw new ApiError('invalid_input', (err as Error).message, [{ path: 'path', message: (err as Error).message }]);
    }
  }
  const file = source.path ?? 'config.yaml';
  const parsed = parseLitellmConfig(text!, {
    filePath: source.path,
    env: process.env,
    readFile: readConfigFile,
  });
  if (!parsed.ok) {
    const lines = parsed.errors.map((issue) => formatConfigIssue(issue, file));
    throw new ApiError(
      'invalid_input',
      `The config was not applied (nothing changed):\n${lines.join('\n')}`,
      parsed.errors.map((issue) => ({
        path: issue.path,
        message: `${issue.line != null ? `line ${issue.line}: ` : ''}${issue.message}`,
      })),
    );
  }
  const { skipped } = parsed.plan;
  if (source.strict && skipped.length > 0) {
    throw new ApiError(
      'invalid_input',
      `The config was not applied (nothing changed): strict import refuses entries Switchyard cannot serve:\n${skipped.map((s) => formatSkipped(s, file)).join('\n')}\nImport without strict to apply the others.`,
      skipped.map((s) => ({ path: s.path, message: `${s.line != null ? `line ${s.line}: ` : ''}${s.reason}` })),
    );
  }
  const summary = applyImportPlan(store, secrets, parsed.plan);
  changes?.publish({ kind: 'routing' });
  for (const s of skipped) log(`[config] skipped ${formatSkipped(s, file)}`);
  for (const key of parsed.ignored) log(`[config] ignored litellm_settings: ${key} (not implemented by the gateway)`);
  return {
    ...summary,
    warnings: parsed.warnings,
    skipped: skipped.map((s) => ({
      index: s.index,
      modelName: s.modelName,
      path: s.path,
      line: s.line,
      file: s.file ?? source.path ?? null,
      reason: s.reason,
    })),
    ignoredSettings: parsed.ignored,
  };
}
