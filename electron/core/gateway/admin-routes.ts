// LiteLLM-compatible management routes, dispatched by prefix to one module per domain under
// litellm/: keys, teams, users, spend, models. Master key only, except /key/info (a key may ask
// about itself) and /model/info, /model_group/info (a key sees the groups it may use).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from './auth';
import type { AdminChange, AdminContext } from './litellm/context';
import { requireMaster } from './litellm/context';
import { handleKeyRoute } from './litellm/keys';
import { handleModelRoute } from './litellm/models';
import { handleSpendRoute } from './litellm/spend';
import { handleTeamRoute } from './litellm/teams';
import { handleUserRoute } from './litellm/users';
import type { GatewayRuntime } from './runtime';

const ROUTES: Array<{ test: (path: string) => boolean; handle: (ctx: AdminContext) => Promise<void>; open?: true }> = [
  { test: (p) => p.startsWith('/key/'), handle: handleKeyRoute, open: true },
  { test: (p) => p.startsWith('/team/'), handle: handleTeamRoute },
  { test: (p) => p.startsWith('/user/'), handle: handleUserRoute },
  {
    test: (p) => p.startsWith('/spend/') || p === '/global/spend' || p.startsWith('/global/spend/'),
    handle: handleSpendRoute,
  },
  {
    test: (p) => p.startsWith('/model/') || p === '/v1/model/info' || p === '/model_group/info',
    handle: handleModelRoute,
    open: true,
  },
];

const trimmed = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/** Whether a path is one of the management routes (server.ts sends these here). */
export function isAdminRoute(path: string): boolean {
  const p = trimmed(path);
  return ROUTES.some((r) => r.test(p));
}

/**
 * `notify` tells the app what changed (keys, teams and users; or routing). The gateway reloads its
 * own view first, so the change applies to the very next request.
 */
export async function handleAdminRoute(
  rt: GatewayRuntime,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal,
  token: string,
  notify: (kind?: AdminChange) => void,
): Promise<void> {
  const p = trimmed(path);
  const route = ROUTES.find((r) => r.test(p))!;
  const ctx: AdminContext = {
    rt,
    req,
    res,
    path: p,
    method: req.method ?? 'GET',
    query: new URL(req.url ?? '/', 'http://gateway').searchParams,
    principal,
    token,
    changed(kind) {
      rt.reload();
      notify(kind);
    },
  };
  if (!route.open) requireMaster(ctx);
  return route.handle(ctx);
}
