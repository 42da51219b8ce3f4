// Bad inputs for the routing editor's calls (shared/contract-routing.ts), one per call.
import type { BadInput } from './types';

export const routingBadInputs: Record<string, BadInput> = {};
