// ImportPlan: what a validated LiteLLM config becomes in Switchyard — one endpoint per model_list
// entry, one model group per model_name (targets with weight and order, the router's strategy and
// settings), fallback chains, aliases and the master key. Pure: nothing is written here; the
// applier writes a plan in one transaction.
import type { ModelGroup } from '../../../shared/schemas';
import type { Endpoint } from '../store/endpoints';
import type { GroupSettings, GroupSpec } from '../store/model-groups';
import { readChains } from './fallback-chains';
import { resolveUpstream } from './litellm-providers';
import type { LitellmConfig, ModelEntry } from './litellm-schema';
import type { ConfigIssue, PathSegment, SourceLocations } from './source-locations';

/** An endpoint as the config gives it: the API key in plain text (the applier encrypts it). */
export interface PlannedEndpoint extends Omit<Endpoint, 'apiKeyCipher'> {
  apiKey: string | null;
}

/** A model_list entry Switchyard cannot serve, left out of the import (or, with strict, the reason to refuse it). */
export interface SkippedEntry {
  /** Its position in model_list. */
  index: number;
  modelName: string;
  /** `model_list[3].litellm_params.model` */
  path: string;
  line: number | null;
  file?: string;
  reason: string;
}

export interface ImportPlan {
  endpoints: PlannedEndpoint[];
  /** Entries left out; the groups, fallbacks and aliases that only they made are left out too (warnings say so). */
  skipped: SkippedEntry[];
  groups: GroupSpec[];
  /** alias → model group */
  aliases: Record<string, string>;
  /** False when the file has no model_list: the routing table is then left as it is. */
  replaceRouting: boolean;
  /** Plain; the applier stores only its hash. */
  masterKey: string | null;
  warnings: string[];
}

export type PlanResult = { ok: true; plan: ImportPlan } | { ok: false; errors: ConfigIssue[] };

type Strategy = ModelGroup['strategy'];

const STRATEGIES: Record<
  NonNullable<NonNullable<LitellmConfig['router_settings']>['routing_strategy']>,
  { ours: Strategy; note?: string }
> = {
  'simple-shuffle': { ours: 'simple-shuffle' },
  'least-busy': { ours: 'least-busy' },
  'latency-based-routing': { ours: 'latency-based-routing' },
  'cost-based-routing': { ours: 'cost-based-routing' },
  'kv-aware': { ours: 'kv-aware' },
  'usage-based-routing': {
    ours: 'least-busy',
    note: 'approximated by least-busy (fewest requests in flight); Switchyard does not rank targets by tokens used this minute',
  },
  'usage-based-routing-v2': {
    ours: 'least-busy',
    note: 'approximated by least-busy (fewest requests in flight); Switchyard does not rank targets by tokens used this minute',
  },
};

const secondsToMs = (s: number | undefined) => (s === undefined ? undefined : Math.round(s * 1000));

/** Endpoint names are shown in headers and logs: keep them to a safe alphabet. */
const slug = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'endpoint';

const sameEndpoint = (a: PlannedEndpoint, b: PlannedEndpoint) => JSON.stringify(a) === JSON.stringify(b);

interface Placed {
  index: number;
  entry: ModelEntry;
  endpoint: PlannedEndpoint;
}

export function buildImportPlan(config: LitellmConfig, locations: SourceLocations): PlanResult {
  const errors: ConfigIssue[] = [];
  const warnings: string[] = [];
  const router = config.router_settings ?? {};
  const legacy = config.litellm_settings ?? {};
  const entries = config.model_list ?? [];

  const strategyRule = STRATEGIES[router.routing_strategy ?? 'simple-shuffle'];
  if (strategyRule.note)
    warnings.push(
      `${locations.describe(['router_settings', 'routing_strategy'])}: ${router.routing_strategy} is ${strategyRule.note}`,
    );
  const routerSettings: GroupSettings = {
    numRetries: router.num_retries ?? legacy.num_retries,
    timeoutMs: secondsToMs(router.timeout ?? legacy.request_timeout),
    allowedFails: router.allowed_fails,
    cooldownMs: secondsToMs(router.cooldown_time),
  };

  // Endpoints, one per entry; names from model_info.id, else <model_name>-<position in its group>.
  const placed: Placed[] = [];
  const skipped: SkippedEntry[] = [];
  const positionInGroup = new Map<string, number>();
  entries.forEach((entry, index) => {
    const p = entry.litellm_params;
    const at = (...rest: PathSegment[]): PathSegment[] => ['model_list', index, ...rest];
    const position = (positionInGroup.get(entry.model_name) ?? 0) + 1;
    positionInGroup.set(entry.model_name, position);
    const upstream = resolveUpstream(p);
    if (!upstream.ok) {
      const issue = locations.issue(at('litellm_params', upstream.field), upstream.message);
      if (upstream.unsupported)
        skipped.push({
          index,
          modelName: entry.model_name,
          path: issue.path,
          line: issue.line,
          ...(issue.file ? { file: issue.file } : {}),
          reason: upstream.message,
        });
      else errors.push(issue);
      return;
    }
    for (const note of upstream.upstream.notes)
      warnings.push(`${locations.describe(at('litellm_params', 'model'))}: ${note}`);
    if (p.timeout !== undefined && p.stream_timeout !== undefined && p.timeout !== p.stream_timeout) {
      warnings.push(
        `${locations.describe(at('litellm_params', 'stream_timeout'))}: Switchyard has one timeout per endpoint; timeout (${p.timeout}s) is used for streams too`,
      );
    }
    const info = entry.model_info ?? {};
    placed.push({
      index,
      entry,
      endpoint: {
        name: info.id ?? `${slug(entry.model_name)}-${position}`,
        provider: upstream.upstream.provider,
        baseUrl: upstream.upstream.baseUrl,
        model: upstream.upstream.model,
        apiKey: p.api_key ?? null,
        maxModelLen: info.max_input_tokens ?? info.max_tokens ?? null,
        inputCostPerToken: p.input_cost_per_token ?? info.input_cost_per_token ?? null,
        outputCostPerToken: p.output_cost_per_token ?? info.output_cost_per_token ?? null,
        rpmLimit: p.rpm ?? null,
        tpmLimit: p.tpm ?? null,
        timeoutMs: secondsToMs(p.timeout ?? p.stream_timeout) ?? null,
      },
    });
  });

  // Explicit ids may repeat only for the very same endpoint (one endpoint serving two groups);
  // a generated name that collides with another is given a suffix, deterministically.
  const byName = new Map<string, Placed>();
  for (const item of placed.filter((x) => x.entry.model_info?.id !== undefined)) {
    const prior = byName.get(item.endpoint.name);
    if (!prior) byName.set(item.endpoint.name, item);
    else if (!sameEndpoint(prior.endpoint, item.endpoint)) {
      errors.push(
        locations.issue(
          ['model_list', item.index, 'model_info', 'id'],
          `id "${item.endpoint.name}" is also model_list[${prior.index}]'s, with different settings; ids must be unique`,
        ),
      );
    } else if (prior.entry.model_name === item.entry.model_name) {
      errors.push(
        locations.issue(
          ['model_list', item.index, 'model_info', 'id'],
          `repeats model_list[${prior.index}] in model group "${item.entry.model_name}"`,
        ),
      );
    }
  }
  for (const item of placed.filter((x) => x.entry.model_info?.id === undefined)) {
    const base = item.endpoint.name;
    for (let k = 2; byName.has(item.endpoint.name); k++) item.endpoint.name = `${base}-${k}`;
    byName.set(item.endpoint.name, item);
  }

  // Groups in order of first appearance.
  const members = new Map<string, Placed[]>();
  for (const item of placed) members.set(item.entry.model_name, [...(members.get(item.entry.model_name) ?? []), item]);
  const groupNames = new Set(entries.map((e) => e.model_name));
  // Groups whose every entry was skipped: chains and aliases may name them, and lose those links.
  const servedNames = new Set(placed.map((p) => p.entry.model_name));
  const skippedGroups = new Set([...groupNames].filter((n) => !servedNames.has(n)));
  if (entries.length > 0 && servedNames.size === 0 && skipped.length > 0) {
    for (const x of skipped)
      errors.push({ path: x.path, line: x.line, message: x.reason, ...(x.file ? { file: x.file } : {}) });
    errors.push(
      locations.issue(
        ['model_list'],
        'no entry of model_list can be served by Switchyard (each is listed above), so nothing would be imported',
      ),
    );
  }
  const groups: GroupSpec[] = [];
  for (const [name, items] of members) {
    const params = items.map((i) => i.entry.litellm_params);
    const weightSum = params.reduce((sum, p) => sum + (p.weight ?? 1), 0);
    if (weightSum <= 0) {
      errors.push(
        locations.issue(
          ['model_list', items[0].index, 'litellm_params', 'weight'],
          `the weights of model group "${name}" add up to 0, so none of its entries could ever be picked; give one a weight above 0`,
        ),
      );
    }
    // LiteLLM tries the lowest `order` first and an entry without one last.
    const orders = params.map((p) => p.order).filter((o): o is number => o !== undefined);
    const unordered = orders.length > 0 ? Math.max(...orders) + 1 : 0;
    const retries = [...new Set(params.map((p) => p.max_retries).filter((r): r is number => r !== undefined))];
    if (retries.length > 1) {
      warnings.push(
        `${locations.describe(['model_list', items[0].index, 'litellm_params', 'max_retries'])}: model group "${name}" has entries with max_retries ${retries.join(', ')}; Switchyard retries per group and uses ${Math.max(...retries)}`,
      );
    }
    const settings = definedOnly({
      ...routerSettings,
      numRetries: retries.length > 0 ? Math.max(...retries) : routerSettings.numRetries,
    });
    groups.push({
      name,
      strategy: strategyRule.ours,
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
      targets: items.map((i) => ({
        kind: 'endpoint' as const,
        ref: i.endpoint.name,
        weight: i.entry.litellm_params.weight ?? 1,
        order: i.entry.litellm_params.order ?? unordered,
      })),
      fallbacks: [],
      contextWindowFallbacks: [],
    });
  }

  for (const key of ['fallbacks', 'context_window_fallbacks'] as const) {
    const chains = readChains(
      [
        { section: 'router_settings', chains: router[key] },
        { section: 'litellm_settings', chains: legacy[key] },
      ],
      key,
      groupNames,
      locations,
    );
    errors.push(...chains.errors);
    warnings.push(...chains.warnings);
    for (const [from, edges] of chains.graph) {
      if (skippedGroups.has(from) && edges.length > 0)
        warnings.push(
          `${locations.describe(edges[0].path)}: ${key} of "${from}" left out: every entry of "${from}" was skipped`,
        );
      for (const e of edges.filter((e) => skippedGroups.has(e.to) && servedNames.has(from)))
        warnings.push(
          `${locations.describe(e.path)}: ${key} from "${from}" to "${e.to}" left out: every entry of "${e.to}" was skipped`,
        );
    }
    for (const g of groups) {
      const to = (chains.graph.get(g.name) ?? []).map((e) => e.to).filter((name) => !skippedGroups.has(name));
      if (key === 'fallbacks') g.fallbacks = to;
      else g.contextWindowFallbacks = to;
    }
  }

  const aliases: Record<string, string> = {};
  const listed: string[] = [];
  for (const [alias, value] of Object.entries(router.model_group_alias ?? {})) {
    const at: PathSegment[] = ['router_settings', 'model_group_alias', alias];
    const target = typeof value === 'string' ? value : value.model;
    if (groupNames.has(alias))
      errors.push(
        locations.issue(
          at,
          `alias "${alias}" is also a model group's name; the group would always win — rename the alias`,
        ),
      );
    else if (!groupNames.has(target))
      errors.push(locations.issue(at, `alias "${alias}" points at "${target}", which model_list does not define`));
    else if (skippedGroups.has(target)) {
      warnings.push(`${locations.describe(at)}: alias "${alias}" left out: every entry of "${target}" was skipped`);
      continue;
    } else aliases[alias] = target;
    if (typeof value === 'string' || !value.hidden) listed.push(alias);
  }
  if (listed.length > 0) {
    warnings.push(
      `${locations.describe(['router_settings', 'model_group_alias'])}: aliases resolve but are not listed in /v1/models (as LiteLLM's hidden: true): ${listed.join(', ')}`,
    );
  }
  if (config.model_list === undefined)
    warnings.push('the file has no model_list: model groups, endpoints and fallbacks are left as they are');

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    plan: {
      endpoints: [...new Map(placed.map((p) => [p.endpoint.name, p.endpoint])).values()],
      skipped,
      groups,
      aliases,
      replaceRouting: config.model_list !== undefined,
      masterKey: config.general_settings?.master_key ?? null,
      warnings,
    },
  };
}

function definedOnly(settings: GroupSettings): GroupSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as GroupSettings;
}
