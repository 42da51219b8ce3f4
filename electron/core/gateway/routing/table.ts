// RoutingTable: the gateway's in-memory view of model groups → targets, built from the store in
// one step and swapped whole on reload, so a request sees one table from start to end.
import type { ModelGroup } from '../../../../shared/schemas';
import type { SecretBox } from '../../secrets';
import type { Store } from '../../store';
import type { EndpointProvider } from '../../store/endpoints';
import type { GroupSettings } from '../../store/model-groups';
import { cloudPrice } from '../pricing';

export interface Target {
  /** Unique within the table: `deployment:<name>` or `endpoint:<name>`. */
  key: string;
  kind: 'deployment' | 'endpoint';
  name: string;
  provider: EndpointProvider;
  /** Root of the OpenAI-style API, e.g. http://127.0.0.1:8000/v1 (no trailing slash). */
  baseUrl: string;
  upstreamModel: string;
  apiKey: string | null;
  weight: number;
  order: number;
  maxModelLen: number | null;
  /**
   * USD per token. An endpoint: its own prices, else the cloud list price (gateway/pricing.ts),
   * else 0. A deployment: its energy price (docker/energy-pricer.ts) for input and output alike, else 0.
   */
  inputCostPerToken: number;
  outputCostPerToken: number;
  timeoutMs: number | null;
  /** Why it cannot take traffic now (not ready, missing), or null. */
  unavailable: string | null;
  /** An on-demand deployment that is stopped: a request may start it. */
  wakeable: boolean;
  /**
   * Requests the engine runs at once: a deployment's --max-num-seqs when its engine arguments set
   * it; else unknown (null or absent), and routing learns it from the engine's /metrics.
   */
  maxNumSeqs?: number | null;
}

export interface RoutedGroup {
  name: string;
  strategy: ModelGroup['strategy'];
  targets: Target[];
  fallbacks: string[];
  contextWindowFallbacks: string[];
  settings: Required<GroupSettings>;
}

export const DEFAULT_GROUP_SETTINGS: Required<GroupSettings> = {
  numRetries: 2,
  timeoutMs: 600_000,
  allowedFails: 3,
  cooldownMs: 30_000,
};

export class RoutingTable {
  private readonly byName: Map<string, RoutedGroup>;

  constructor(
    groups: RoutedGroup[],
    private readonly aliases: Record<string, string> = {},
  ) {
    this.byName = new Map(groups.map((g) => [g.name, g]));
  }

  /** The group a client's `model` names, through aliases. */
  resolve(model: string): RoutedGroup | undefined {
    return this.byName.get(model) ?? this.byName.get(this.aliases[model] ?? '');
  }

  groups(): RoutedGroup[] {
    return [...this.byName.values()];
  }

  /** Every target of every group, once each. */
  targets(): Target[] {
    const seen = new Map<string, Target>();
    for (const g of this.byName.values()) for (const t of g.targets) seen.set(t.key, t);
    return [...seen.values()];
  }
}

/** Host part of a Docker endpoint, as seen from this machine. */
export function hostAddress(endpoint: string): string {
  const url = new URL(endpoint);
  return url.protocol === 'tcp:' || url.protocol === 'ssh:' ? url.hostname : '127.0.0.1';
}

/** A positive integer engine argument (`--name N` or `--name=N`) from a deployment's spec, else null. */
function engineArgInt(store: Store, name: string, flag: string): number | null {
  const args = store.deployments.spec(name)?.engineArgs ?? [];
  for (let i = 0; i < args.length; i++) {
    const m = new RegExp(`^--${flag}(?:=(.+))?$`).exec(args[i]);
    if (!m) continue;
    const n = Number(m[1] ?? args[i + 1]);
    if (Number.isInteger(n) && n > 0) return n;
  }
  return null;
}

/** What vLLM logged as its max model len, else the --max-model-len it was started with, else unknown. */
function deploymentContextLength(store: Store, name: string): number | null {
  const logged = store.deployments.progress(name)?.logged.maxModelLen;
  if (logged != null) return logged;
  return engineArgInt(store, name, 'max-model-len');
}

/** Reads the table in one read transaction, so an apply committing meanwhile is seen whole or not at all. */
export function loadRoutingTable(store: Store, secrets: SecretBox): RoutingTable {
  return store.db.transaction(() => readRoutingTable(store, secrets))();
}

function readRoutingTable(store: Store, secrets: SecretBox): RoutingTable {
  const hosts = new Map(store.hosts.list().map((h) => [h.id, h]));
  const deployments = new Map(store.deployments.list().map((d) => [d.name, d]));
  const endpoints = new Map(store.endpoints.list().map((e) => [e.name, e]));
  const energyPrices = store.deployments.energyPrices();

  const target = (kind: Target['kind'], ref: string, weight: number, order: number): Target => {
    const base = {
      key: `${kind}:${ref}`,
      kind,
      name: ref,
      weight,
      order,
      apiKey: null,
      maxModelLen: null,
      inputCostPerToken: 0,
      outputCostPerToken: 0,
      timeoutMs: null,
      wakeable: false,
    };
    if (kind === 'deployment') {
      const d = deployments.get(ref);
      const host = d && hosts.get(d.hostId);
      if (!d || !host || d.port == null) {
        return {
          ...base,
          provider: 'hosted_vllm',
          baseUrl: '',
          upstreamModel: ref,
          unavailable: d ? `deployment ${ref} has no port yet` : `no deployment named ${ref}`,
        };
      }
      const energy = energyPrices.get(d.name) ?? 0;
      const keyCipher = store.deployments.apiKeyCipher(d.name);
      return {
        ...base,
        provider: 'hosted_vllm',
        baseUrl: `http://${hostAddress(host.endpoint)}:${d.port}/v1`,
        upstreamModel: d.servedModelName,
        apiKey: keyCipher ? secrets.decrypt(keyCipher) : null,
        maxModelLen: deploymentContextLength(store, d.name),
        maxNumSeqs: engineArgInt(store, d.name, 'max-num-seqs'),
        inputCostPerToken: energy,
        outputCostPerToken: energy,
        unavailable: d.state === 'ready' ? null : `deployment ${ref} is ${d.state}`,
        wakeable: (d.state === 'stopped' || d.state === 'asleep') && store.deployments.spec(d.name)?.onDemand === true,
      };
    }
    const e = endpoints.get(ref);
    if (!e)
      return {
        ...base,
        provider: 'openai-compatible',
        baseUrl: '',
        upstreamModel: ref,
        unavailable: `no endpoint named ${ref}`,
      };
    let apiKey: string | null = null;
    let unavailable: string | null = null;
    try {
      apiKey = e.apiKeyCipher ? secrets.decrypt(e.apiKeyCipher) : null;
    } catch (err) {
      unavailable = (err as Error).message;
    }
    // Per-target prices win, field by field, over the list price.
    const list = cloudPrice(e.provider, e.model);
    return {
      ...base,
      provider: e.provider,
      baseUrl: e.baseUrl.replace(/\/+$/, ''),
      upstreamModel: e.model,
      apiKey,
      maxModelLen: e.maxModelLen,
      inputCostPerToken: e.inputCostPerToken ?? list?.inputCostPerToken ?? 0,
      outputCostPerToken: e.outputCostPerToken ?? list?.outputCostPerToken ?? 0,
      timeoutMs: e.timeoutMs,
      unavailable,
    };
  };

  const groups: RoutedGroup[] = store.modelGroups.list().map((g) => ({
    name: g.name,
    strategy: g.strategy,
    targets: g.targets.map((t) => target(t.kind, t.ref, t.weight, t.order)),
    fallbacks: g.fallbacks,
    contextWindowFallbacks: g.contextWindowFallbacks,
    settings: { ...DEFAULT_GROUP_SETTINGS, ...g.settings },
  }));

  // A ready deployment is reachable under its served model name even before anyone routes it.
  const named = new Set(groups.map((g) => g.name));
  for (const d of deployments.values()) {
    if (named.has(d.servedModelName)) continue;
    named.add(d.servedModelName);
    groups.push({
      name: d.servedModelName,
      strategy: 'simple-shuffle',
      targets: [target('deployment', d.name, 1, 0)],
      fallbacks: [],
      contextWindowFallbacks: [],
      settings: DEFAULT_GROUP_SETTINGS,
    });
  }
  return new RoutingTable(groups, store.modelGroups.aliases());
}
