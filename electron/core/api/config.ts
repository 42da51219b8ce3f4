// config.*: LiteLLM config.yaml import (validated whole, applied in one transaction) and export.
import { readConfigFile } from '../config/read-config-file';
import { applyImportPlan, exportLitellmConfig, formatConfigIssue, parseLitellmConfig } from '../config';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import { ApiError } from './errors';

/** Parses and applies a LiteLLM config; throws ApiError naming each bad field with its file and line. */
export function importLitellm(store: Store, secrets: SecretBox, source: { path?: string; yaml?: string }) {
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
  return { ...summary, warnings: parsed.warnings };
}

export function configHandlers(ctx: CoreContext): Pick<Handlers, 'config.importLitellm' | 'config.exportLitellm'> {
  return {
    'config.importLitellm': (source) => {
      const result = importLitellm(ctx.store, ctx.secrets, source);
      ctx.gateway.reload();
      ctx.events.emit('routing.changed', { groups: ctx.store.modelGroups.count() });
      return result;
    },
    'config.exportLitellm': ({ includeSecrets }) => ({
      yaml: exportLitellmConfig(ctx.store, ctx.secrets, { includeSecrets }),
    }),
  };
}
