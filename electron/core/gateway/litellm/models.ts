// LiteLLM's model routes: /model/info (and /v1/model/info) lists each target with its provider,
// base URL (secrets stripped), prices, context length and state; /model_group/info one row per
// group; /model/new adds a target at run time (stored as an endpoint and a model-group target, so
// the routing editor shows it) and /model/delete removes one. A key sees only the groups it may use.
import { z } from 'zod';
import { resolveUpstream } from '../../config/litellm-providers';
import type { GroupSpec } from '../../store/model-groups';
import type { RoutedGroup, Target } from '../routing/table';
import { type AdminContext, badRequest, body, notFound, requireGet, requireMaster, send } from './context';

const Price = z.number().nonnegative().max(1);
const NewModel = z.object({
  model_name: z.string().regex(/^[A-Za-z0-9._:/@-]{1,200}$/, 'a model group name: letters, digits and ._:/@-'),
  litellm_params: z.object({
    model: z.string().min(1).max(300),
    api_base: z.string().url().optional(),
    api_key: z.string().min(1).max(4096).optional(),
    custom_llm_provider: z.string().min(1).optional(),
    rpm: z.number().int().positive().optional(),
    tpm: z.number().int().positive().optional(),
    timeout: z.number().positive().optional(),
    weight: z.number().nonnegative().optional(),
    order: z.number().int().nonnegative().optional(),
    input_cost_per_token: Price.optional(),
    output_cost_per_token: Price.optional(),
  }),
  model_info: z
    .object({
      id: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits and ._- (at most 100)')
        .optional(),
      max_input_tokens: z.number().int().positive().optional(),
      max_tokens: z.number().int().positive().optional(),
    })
    .optional(),
});
const DeleteModel = z.object({ id: z.string().min(1) });

/** A base URL safe to show: no user or password, no query parameter that could carry a key. */
export function publicBaseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    for (const name of [...url.searchParams.keys()])
      if (/key|token|secret|sig|auth|password/i.test(name)) url.searchParams.delete(name);
    return url.toString().replace(/\/$/, '');
  } catch {
    return '';
  }
}

function stateOf(ctx: AdminContext, t: Target): 'available' | 'cooling_down' | 'unavailable' {
  if (t.unavailable) return 'unavailable';
  return ctx.rt.cooldowns.remainingMs(t.key) > 0 ? 'cooling_down' : 'available';
}

function visibleGroups(ctx: AdminContext): RoutedGroup[] {
  const p = ctx.principal;
  return ctx.rt
    .table()
    .groups()
    .filter((g) => p.isMaster || p.models.length === 0 || p.models.includes(g.name));
}

function modelInfo(ctx: AdminContext) {
  const only = ctx.query.get('litellm_model_id');
  return visibleGroups(ctx).flatMap((g) =>
    g.targets
      .filter((t) => only === null || t.name === only)
      .map((t) => ({
        model_name: g.name,
        litellm_params: { model: `${t.provider}/${t.upstreamModel}`, api_base: publicBaseUrl(t.baseUrl) },
        model_info: {
          id: t.name,
          kind: t.kind,
          db_model: true,
          litellm_provider: t.provider,
          max_input_tokens: t.maxModelLen,
          max_tokens: t.maxModelLen,
          input_cost_per_token: t.inputCostPerToken,
          output_cost_per_token: t.outputCostPerToken,
          weight: t.weight,
          order: t.order,
          state: stateOf(ctx, t),
          unavailable_reason: t.unavailable,
        },
      })),
  );
}

function groupInfo(ctx: AdminContext) {
  const only = ctx.query.get('model_group');
  return visibleGroups(ctx)
    .filter((g) => only === null || g.name === only)
    .map((g) => {
      const lengths = g.targets.map((t) => t.maxModelLen).filter((n): n is number => n !== null);
      const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
      return {
        model_group: g.name,
        providers: [...new Set(g.targets.map((t) => t.provider))],
        max_input_tokens: max(lengths),
        max_output_tokens: max(lengths),
        input_cost_per_token: max(g.targets.map((t) => t.inputCostPerToken)),
        output_cost_per_token: max(g.targets.map((t) => t.outputCostPerToken)),
        routing_strategy: g.strategy,
        fallbacks: g.fallbacks,
        context_window_fallbacks: g.contextWindowFallbacks,
        deployments: g.targets.length,
        healthy_deployments: g.targets.filter((t) => stateOf(ctx, t) === 'available').length,
      };
    });
}

const asSpec = (g: ReturnType<AdminContext['rt']['store']['modelGroups']['list']>[number]): GroupSpec => ({
  name: g.name,
  strategy: g.strategy,
  settings: g.settings,
  targets: g.targets,
  fallbacks: g.fallbacks,
  contextWindowFallbacks: g.contextWindowFallbacks,
});

function addModel(ctx: AdminContext, f: z.infer<typeof NewModel>) {
  const { store, secrets } = ctx.rt;
  const p = f.litellm_params;
  const upstream = resolveUpstream(p);
  if (!upstream.ok)
    throw badRequest(`litellm_params.${upstream.field}: ${upstream.message}`, `litellm_params.${upstream.field}`);
  const groups = store.modelGroups.list();
  const group = groups.find((g) => g.name === f.model_name);
  let name = f.model_info?.id;
  if (name && store.endpoints.get(name))
    throw badRequest(
      `model_info.id "${name}" is taken: choose another or leave it out.`,
      'model_info.id',
      'model_id_taken',
    );
  if (!name) {
    const base = f.model_name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
    for (let k = (group?.targets.length ?? 0) + 1; !name || store.endpoints.get(name); k++) name = `${base}-${k}`;
  }
  const info = f.model_info ?? {};
  const spec: GroupSpec = group
    ? asSpec(group)
    : { name: f.model_name, strategy: 'simple-shuffle', targets: [], fallbacks: [], contextWindowFallbacks: [] };
  spec.targets = [...spec.targets, { kind: 'endpoint', ref: name, weight: p.weight ?? 1, order: p.order ?? 0 }];
  const apiKeyCipher = p.api_key ? secrets.encrypt(p.api_key) : null;
  store.db.transaction(() => {
    store.endpoints.upsert({
      name: name!,
      provider: upstream.upstream.provider,
      baseUrl: upstream.upstream.baseUrl,
      model: upstream.upstream.model,
      apiKeyCipher,
      maxModelLen: info.max_input_tokens ?? info.max_tokens ?? null,
      inputCostPerToken: p.input_cost_per_token ?? null,
      outputCostPerToken: p.output_cost_per_token ?? null,
      rpmLimit: p.rpm ?? null,
      tpmLimit: p.tpm ?? null,
      timeoutMs: p.timeout === undefined ? null : Math.round(p.timeout * 1000),
    });
    store.modelGroups.upsert(spec);
  })();
  ctx.changed('routing');
  return {
    model_name: f.model_name,
    litellm_params: { model: p.model, api_base: publicBaseUrl(upstream.upstream.baseUrl) },
    model_info: { id: name, notes: upstream.upstream.notes },
  };
}

function deleteModel(ctx: AdminContext, id: string) {
  const { store } = ctx.rt;
  const groups = store.modelGroups.list();
  const holders = groups.filter((g) => g.targets.some((t) => t.kind === 'endpoint' && t.ref === id));
  if (!holders.length && !store.endpoints.get(id))
    throw notFound(`No model with id "${id}": /model/info lists each model_info.id.`, 'model_not_found', 'id');
  const emptied = new Set(
    holders.filter((g) => g.targets.every((t) => t.kind === 'endpoint' && t.ref === id)).map((g) => g.name),
  );
  const specs = groups
    .filter((g) => !emptied.has(g.name))
    .map((g) => {
      const spec = asSpec(g);
      spec.targets = spec.targets.filter((t) => !(t.kind === 'endpoint' && t.ref === id));
      spec.fallbacks = spec.fallbacks.filter((f) => !emptied.has(f));
      spec.contextWindowFallbacks = spec.contextWindowFallbacks.filter((f) => !emptied.has(f));
      return spec;
    });
  const aliases = Object.fromEntries(Object.entries(store.modelGroups.aliases()).filter(([, to]) => !emptied.has(to)));
  // An endpoint added here belongs to nothing else once out of its groups; one from elsewhere may be a provider the app lists.
  const stillUsed = specs.some((s) => s.targets.some((t) => t.kind === 'endpoint' && t.ref === id));
  store.db.transaction(() => {
    store.modelGroups.replaceAll(specs, aliases);
    if (!stillUsed) store.endpoints.remove(id);
  })();
  ctx.changed('routing');
  return { message: `Model ${id} deleted.`, id, removed_groups: [...emptied] };
}

export async function handleModelRoute(ctx: AdminContext): Promise<void> {
  switch (ctx.path) {
    case '/model/info':
    case '/v1/model/info':
      requireGet(ctx);
      return send(ctx, { data: modelInfo(ctx) });
    case '/model_group/info':
      requireGet(ctx);
      return send(ctx, { data: groupInfo(ctx) });
    case '/model/new':
      requireMaster(ctx);
      return send(ctx, addModel(ctx, await body(ctx, NewModel)));
    case '/model/delete':
      requireMaster(ctx);
      return send(ctx, deleteModel(ctx, (await body(ctx, DeleteModel)).id));
  }
  throw notFound(
    `No route ${ctx.method} ${ctx.path}. Model routes: /model/info, /v1/model/info, /model_group/info, /model/new, /model/delete.`,
    'route_not_found',
  );
}
