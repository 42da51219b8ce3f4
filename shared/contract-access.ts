// The Keys & Budgets, teams, budget alerts and Providers calls and events (electron/core/api/access.ts).
import { z } from 'zod';
import { call } from './contract-parts';

export const accessCalls = {} as const;

export const accessEvents = {} as const;

// Keeps the imports in use until the first call lands.
export type _AccessParts = typeof call | z.ZodType;
