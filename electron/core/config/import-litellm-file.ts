// A LiteLLM config.yaml imported into the store: read (a regular file of bounded size), validated
// whole, applied in one transaction, then announced as one routing change. Used by the admin call
// config.importLitellm and by serve --config at start.
import type { ChangeNotice } from '../changes';
import { ApiError } from '../errors';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';
import { applyImportPlan } from './apply-import';
import { formatConfigIssue, parseLitellmConfig } from './litellm-import';
import { readConfigFile } from './read-config-file';

export interface ImportDeps {
  store: Store;
  secrets: SecretBox;
  /** Absent at start (serve --config), before the gateway first loads its table: no one to tell yet. */
  changes?: ChangeNotice;
}

/** Parses and applies a LiteLLM config; throws ApiError naming each bad field with its file and line. */
export function importLitellm({ store, secrets, changes }: ImportDeps, source: { path?: string; yaml?: string }) {
  let text = source.yaml;
  if (source.path) {
    try {
      text = readConfigFile(source.path);
    } catch (err) {
      throw new ApiError('invalid_input', (err as Error).message, [{ path: 'path', message: (err as Error).message }]);
    }
  }
  const parsed = parseLitellmConfig(text!, {
    filePath: source.path,
    env: process.env,
    readFile: readConfigFile,
  });
  if (!parsed.ok) {
    const lines = parsed.errors.map((issue) => formatConfigIssue(issue, source.path ?? 'config.yaml'));
    throw new ApiError(
      'invalid_input',
      `The config was not applied (nothing changed):\n${lines.join('\n')}`,
      parsed.errors.map((issue) => ({
        path: issue.path,
        message: `${issue.line != null ? `line ${issue.line}: ` : ''}${issue.message}`,
      })),
    );
  }
  const summary = applyImportPlan(store, secrets, parsed.plan);
  changes?.publish({ kind: 'routing' });
  return { ...summary, warnings: parsed.warnings };
}
