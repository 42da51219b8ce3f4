// exportLitellmConfig: the routing table as a LiteLLM proxy config.yaml that LiteLLM can load and
// that parseLitellmConfig reads back to the same endpoints, groups, fallbacks and aliases. Provider
// keys become `os.environ/NAME` placeholders (listed in the header) unless secrets are asked for.
// Written as YAML 1.1 with plain decimals, so PyYAML reads every value as LiteLLM expects.
import { Document, type ScalarTag } from 'yaml';
import { loadRoutingTable, type Target } from '../gateway/routing/table';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';
import type { Endpoint } from '../store/endpoints';
import type { GroupSettings } from '../store/model-groups';
import { litellmModelFor } from './litellm-providers';

export interface ExportOptions {
  /** Write provider API keys in plain text instead of os.environ/ placeholders. */
  includeSecrets: boolean;
  /** Export this routing table instead of the stored one (the routing editor's proposal). */
  routing?: { groups: Group[]; aliases: Record<string, string> };
}

type Group = ReturnType<Store['modelGroups']['list']>[number];
type Entry = { model_name: string; litellm_params: Record<string, unknown>; model_info: Record<string, unknown> };

/** 1e-7 → "0.0000001": PyYAML reads `1e-7` as a string, so small per-token prices are spelled out. */
function plainDecimal(n: number): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e-(\d+)$/.exec(String(n));
  return m ? `${m[1]}0.${'0'.repeat(Number(m[4]) - 1)}${m[2]}${m[3] ?? ''}` : String(n);
}

const decimalFloat: ScalarTag = {
  identify: (v) => typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v),
  default: true,
  tag: 'tag:yaml.org,2002:float',
  test: /^[-+]?\d+\.\d+$/,
  resolve: (s) => parseFloat(s),
  stringify: (item) => plainDecimal(item.value as number),
};

const mostCommon = <T>(values: T[]): T => {
  const counts = new Map<string, { v: T; n: number }>();
  for (const v of values) {
    const k = JSON.stringify(v);
    counts.set(k, { v, n: (counts.get(k)?.n ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0].v;
};

const allEqual = <T>(values: T[]) => values.every((v) => v === values[0]);

/** Names environment variables for provider keys: one per distinct key, LiteLLM's usual names first. */
function keyPlaceholders(secrets: SecretBox) {
  const byValue = new Map<string, string>();
  const used = new Set<string>();
  return (e: Endpoint): string => {
    let plain: string | null = null;
    try {
      plain = secrets.decrypt(e.apiKeyCipher as string);
    } catch {
      // Unreadable here; it still gets its own variable name.
    }
    const known = plain !== null ? byValue.get(plain) : undefined;
    if (known) return known;
    const base =
      e.provider === 'openai'
        ? 'OPENAI_API_KEY'
        : e.provider === 'anthropic'
          ? 'ANTHROPIC_API_KEY'
          : e.provider === 'hosted_vllm'
            ? 'HOSTED_VLLM_API_KEY'
            : `${e.name
                .toUpperCase()
                .replace(/[^A-Z0-9]+/g, '_')
                .replace(/^_+|_+$/g, '')}_API_KEY`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    if (plain !== null) byValue.set(plain, name);
    return name;
  };
}

export function exportLitellmConfig(store: Store, secrets: SecretBox, opts: ExportOptions): string {
  const groups = opts.routing?.groups ?? store.modelGroups.list();
  const endpoints = new Map(store.endpoints.list().map((e) => [e.name, e]));
  const deployments = new Map(
    loadRoutingTable(store, secrets)
      .targets()
      .filter((t) => t.kind === 'deployment')
      .map((t) => [t.name, t]),
  );
  const notes: string[] = [];
  const placeholder = keyPlaceholders(secrets);
  const envNames = new Set<string>();

  // LiteLLM's router settings are global; Switchyard's are per group. A setting every group shares
  // goes to router_settings; differing retries go per entry (max_retries); anything else is noted.
  const router: Record<string, unknown> = {};
  const perEntryRetries = new Set<string>();
  const globalSetting = (key: keyof GroupSettings, litellmKey: string, toLitellm: (v: number) => number) => {
    const values = groups.map((g) => g.settings[key]);
    if (values.length === 0 || values.every((v) => v === undefined)) return;
    if (allEqual(values)) {
      router[litellmKey] = toLitellm(values[0] as number);
    } else if (key === 'numRetries') {
      for (const g of groups) if (g.settings.numRetries !== undefined) perEntryRetries.add(g.name);
    } else {
      const chosen = mostCommon(values.filter((v): v is number => v !== undefined));
      router[litellmKey] = toLitellm(chosen);
      const others = groups
        .filter((g) => g.settings[key] !== chosen)
        .map((g) => `${g.name} (${g.settings[key] ?? 'default'})`);
      notes.push(
        `router_settings.${litellmKey} is global in LiteLLM; these groups had their own: ${others.join(', ')}`,
      );
    }
  };
  if (groups.length > 0) {
    const strategy = mostCommon(groups.map((g) => g.strategy));
    router.routing_strategy = strategy;
    if (strategy === 'kv-aware')
      notes.push("routing_strategy kv-aware is Switchyard's own; for LiteLLM itself use least-busy");
    if (!allEqual(groups.map((g) => g.strategy))) {
      notes.push(
        `routing_strategy is global in LiteLLM: ${strategy} is written; ${groups
          .filter((g) => g.strategy !== strategy)
          .map((g) => `${g.name} used ${g.strategy}`)
          .join(', ')}`,
      );
    }
  }
  globalSetting('numRetries', 'num_retries', (v) => v);
  globalSetting('timeoutMs', 'timeout', (v) => v / 1000);
  globalSetting('allowedFails', 'allowed_fails', (v) => v);
  globalSetting('cooldownMs', 'cooldown_time', (v) => v / 1000);

  const endpointEntry = (g: Group, e: Endpoint, weight: number, order: number | undefined): Entry => {
    const params: Record<string, unknown> = { ...litellmModelFor(e) };
    if (e.apiKeyCipher) {
      if (opts.includeSecrets) {
        params.api_key = secrets.decrypt(e.apiKeyCipher);
      } else {
        const name = placeholder(e);
        envNames.add(name);
        params.api_key = `os.environ/${name}`;
      }
    }
    if (e.rpmLimit !== null) params.rpm = e.rpmLimit;
    if (e.tpmLimit !== null) params.tpm = e.tpmLimit;
    if (weight !== 1) params.weight = weight;
    if (order !== undefined) params.order = order;
    if (e.timeoutMs !== null) params.timeout = e.timeoutMs / 1000;
    if (perEntryRetries.has(g.name)) params.max_retries = g.settings.numRetries;
    if (e.inputCostPerToken !== null) params.input_cost_per_token = e.inputCostPerToken;
    if (e.outputCostPerToken !== null) params.output_cost_per_token = e.outputCostPerToken;
    return {
      model_name: g.name,
      litellm_params: params,
      model_info: { id: e.name, ...(e.maxModelLen !== null ? { max_input_tokens: e.maxModelLen } : {}) },
    };
  };
  const deploymentEntry = (g: Group, t: Target, weight: number, order: number | undefined): Entry => {
    notes.push(`deployment ${t.name} (group ${g.name}) is written as the vLLM server it runs, ${t.baseUrl}`);
    const params: Record<string, unknown> = { model: `hosted_vllm/${t.upstreamModel}`, api_base: t.baseUrl };
    if (weight !== 1) params.weight = weight;
    if (order !== undefined) params.order = order;
    if (perEntryRetries.has(g.name)) params.max_retries = g.settings.numRetries;
    return { model_name: g.name, litellm_params: params, model_info: { id: `deployment-${t.name}` } };
  };

  const modelList: Entry[] = [];
  const exported = new Set<string>();
  for (const g of groups) {
    // LiteLLM tries an entry without `order` last, so once any target has one, all get one.
    const ordered = g.targets.some((t) => t.order !== 0);
    for (const t of g.targets) {
      const order = ordered ? t.order : undefined;
      if (t.kind === 'endpoint') {
        const e = endpoints.get(t.ref);
        if (e) modelList.push(endpointEntry(g, e, t.weight, order));
        else notes.push(`group ${g.name}: endpoint ${t.ref} no longer exists; left out`);
      } else {
        const d = deployments.get(t.ref);
        if (d?.baseUrl) modelList.push(deploymentEntry(g, d, t.weight, order));
        else notes.push(`group ${g.name}: deployment ${t.ref} has no address yet; left out`);
      }
    }
    if (modelList.some((m) => m.model_name === g.name)) exported.add(g.name);
    else notes.push(`group ${g.name} has nothing LiteLLM can reach; left out with its fallbacks and aliases`);
  }

  const chains = (pick: (g: Group) => string[]) =>
    groups
      .filter((g) => exported.has(g.name) && pick(g).some((f) => exported.has(f)))
      .map((g) => ({ [g.name]: pick(g).filter((f) => exported.has(f)) }));
  const fallbacks = chains((g) => g.fallbacks);
  const contextFallbacks = chains((g) => g.contextWindowFallbacks);
  if (fallbacks.length > 0) router.fallbacks = fallbacks;
  if (contextFallbacks.length > 0) router.context_window_fallbacks = contextFallbacks;
  const aliases = Object.entries(opts.routing?.aliases ?? store.modelGroups.aliases()).filter(([, group]) =>
    exported.has(group),
  );
  if (aliases.length > 0)
    router.model_group_alias = Object.fromEntries(aliases.map(([alias, model]) => [alias, { model, hidden: true }]));

  const doc = new Document(
    { model_list: modelList, ...(Object.keys(router).length > 0 ? { router_settings: router } : {}) },
    { version: '1.1', customTags: (tags) => [decimalFloat, ...tags] },
  );
  const header = [
    'LiteLLM proxy config, exported by Switchyard.',
    envNames.size > 0 ? `Set these environment variables before loading it: ${[...envNames].join(', ')}` : null,
    opts.includeSecrets && modelList.some((m) => 'api_key' in m.litellm_params)
      ? 'Contains provider API keys in plain text: keep it private.'
      : null,
    'general_settings.master_key is not written: Switchyard stores only its hash.',
    ...notes,
  ].filter((l): l is string => l !== null);
  doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}
