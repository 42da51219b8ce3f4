// Bad inputs for the Kubernetes hand-off (shared/contract-export.ts), one per call.
import type { BadInput } from './types';

export const exportBadInputs: Record<string, BadInput> = {
  'export.kubernetes': { input: { format: 'helm' }, field: 'format' },
};
