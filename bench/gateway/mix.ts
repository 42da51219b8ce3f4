// The realistic mix: 70 % chat streams of 50–500 tokens, 20 % short non-streamed chats, 10 %
// embeddings, spread over several virtual keys that each have a budget, a requests-per-minute and
// a tokens-per-minute limit (set far above the load, so every check runs and none refuses), with
// request logging on and every answer priced. Reported as CPU per request. The same seeded
// sequence goes to the simulators directly, so the upstream's own cost is known.
import { groupCpuSeconds } from './cpu';
import type { LoadGenerator } from './load';
import type { MixRequest } from './load-spec';
import { type BenchPath, EMBED_MODEL, originOf, SIM_MODEL, type SwitchyardPath } from './peers';

const KEYS = 4;
const VARIANTS = 200;

/** Virtual keys made through the gateway's LiteLLM-compatible /key/generate, as a client would. */
export async function mixKeys(sy: SwitchyardPath): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < KEYS; i++) {
    const response = await fetch(`${originOf(sy)}/key/generate`, {
      method: 'POST',
      headers: sy.headers,
      body: JSON.stringify({
        key_alias: `bench-mix-${i}`,
        max_budget: 1_000,
        budget_duration: '30d',
        rpm_limit: 10_000_000,
        tpm_limit: 1_000_000_000,
      }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`/key/generate answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    keys.push((JSON.parse(text) as { key: string }).key);
  }
  return keys;
}

/** A small seeded generator (mulberry32), so the mix is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The mix's request variants. `chatUrl`/`embedUrl` and `headersFor(i)` say where each goes and as
 * whom; the bodies are the same for every path.
 */
export function mixRequests(
  chatUrl: string,
  embedUrl: string,
  headersFor: (variant: number) => Record<string, string>,
): MixRequest[] {
  const random = seeded(16);
  return Array.from({ length: VARIANTS }, (_, i) => {
    const roll = random();
    const headers = headersFor(i);
    if (roll < 0.7) {
      const tokens = 50 + Math.floor(random() * 451);
      return {
        url: chatUrl,
        headers,
        stream: true,
        body: JSON.stringify({
          model: SIM_MODEL,
          messages: [{ role: 'user', content: `Question ${i}: explain something at length.` }],
          max_tokens: tokens,
          ignore_eos: true,
          stream: true,
          stream_options: { include_usage: true },
        }),
      };
    }
    if (roll < 0.9)
      return {
        url: chatUrl,
        headers,
        stream: false,
        body: JSON.stringify({
          model: SIM_MODEL,
          messages: [{ role: 'user', content: `Question ${i}: answer briefly.` }],
          max_tokens: 16 + Math.floor(random() * 49),
        }),
      };
    return {
      url: embedUrl,
      headers,
      stream: false,
      body: JSON.stringify({ model: EMBED_MODEL, input: [`Passage ${i} to index.`, `Another passage ${i}.`] }),
    };
  });
}

export interface MixRun {
  path: string;
  requestsPerS: number;
  cpuUsPerRequest: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  errors: number;
  firstError: string | null;
}

/** One mix cell: the load, and the CPU of `cpuOf`'s process groups per answered request. */
export async function runMix(
  load: LoadGenerator,
  name: string,
  mix: MixRequest[],
  cpuOf: BenchPath[],
  o: { concurrency: number; warmupS: number; durationS: number },
): Promise<MixRun> {
  const cpu = () => cpuOf.reduce((s, p) => s + groupCpuSeconds(p.child.proc.pid!), 0);
  const before = cpu();
  const r = await load.measure({
    url: mix[0].url,
    headers: {},
    body: '',
    concurrency: o.concurrency,
    warmupS: o.warmupS,
    durationS: o.durationS,
    measure: 'mix',
    mix,
  });
  return {
    path: name,
    requestsPerS: r.requestsPerS,
    cpuUsPerRequest: ((cpu() - before) * 1e6) / Math.max(1, r.completed),
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    ok: r.ok,
    errors: r.errors,
    firstError: r.firstError,
  };
}

/** The mix through Switchyard as `keys`, round robin over the variants. */
export function switchyardMix(sy: SwitchyardPath, keys: string[]): MixRequest[] {
  return mixRequests(sy.url, `${originOf(sy)}/v1/embeddings`, (i) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${keys[i % keys.length]}`,
  }));
}

/** The same mix straight to the two simulators. */
export function directMix(chat: BenchPath, embed: BenchPath): MixRequest[] {
  return mixRequests(chat.url, embed.url, () => ({ 'content-type': 'application/json' }));
}
