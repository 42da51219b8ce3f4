// Bad inputs for the keys/teams/providers calls (shared/contract-access.ts), one per call.
import type { BadInput } from './types';

export const accessBadInputs: Record<string, BadInput> = {};
