// config.*: LiteLLM config.yaml import (validated whole, applied in one transaction:
// config/import-litellm-file.ts) and export.
import { exportLitellmConfig } from '../config';
import { importLitellm } from '../config/import-litellm-file';
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';

export function configHandlers(ctx: CoreContext): Pick<Handlers, 'config.importLitellm' | 'config.exportLitellm'> {
  return {
    'config.importLitellm': (source) => importLitellm(ctx, source),
    'config.exportLitellm': ({ includeSecrets }) => ({
      yaml: exportLitellmConfig(ctx.store, ctx.secrets, { includeSecrets }),
    }),
  };
}
