// The routing editor's calls and events (Routing page; electron/core/api/routing.ts).
import { z } from 'zod';
import { call } from './contract-parts';

export const routingCalls = {} as const;

export const routingEvents = {} as const;

// Keeps the imports in use until the first call lands.
export type _RoutingParts = typeof call | z.ZodType;
