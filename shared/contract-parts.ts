// Building blocks of the contract, shared by shared/contract.ts and its per-domain parts
// (contract-routing.ts, contract-access.ts, contract-dashboards.ts).
import { z } from 'zod';

export const Empty = z.object({}).strict();

export const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
