// The gateway's Prometheus metrics: requests, failures, latency and TTFT histograms, tokens,
// spend, fallbacks, and per-target state (in flight, cooldown) rendered at scrape time.
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

type Labels = Record<string, string>;
const labelKey = (labels: Labels) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');

class Counter {
  readonly values = new Map<string, number>();
  inc(labels: Labels | string, by = 1): void {
    const key = typeof labels === 'string' ? labels : labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
}

class Histogram {
  readonly series = new Map<string, { buckets: number[]; sum: number; count: number }>();
  observe(labels: Labels | string, value: number): void {
    const key = typeof labels === 'string' ? labels : labelKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { buckets: LATENCY_BUCKETS_S.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = LATENCY_BUCKETS_S.length - 1; i >= 0 && value <= LATENCY_BUCKETS_S[i]; i--) s.buckets[i] += 1;
    s.sum += value;
    s.count += 1;
  }
}

/** Error codes that carry a target's answer (or its absence), not a refusal by the gateway. */
const TARGET_ERROR_CODES = new Set([
  'upstream_error',
  'upstream_unreachable',
  'no_healthy_deployment',
  'context_length_exceeded',
]);

/**
 * The `reason` label of a refusal: its error code (a fixed set, so the label stays bounded), with
 * 429 rate limits split by the limit hit (rate_limit_rpm, rate_limit_tpm, rate_limit_parallel).
 */
export function refusalReason(err: { type: string; code: string | null; message: string }): string {
  if (err.code === 'rate_limit_exceeded') {
    const limit = /^Rate limit reached \((rpm|tpm|parallel)\)/.exec(err.message)?.[1];
    return limit ? `rate_limit_${limit}` : 'rate_limit';
  }
  return err.code ?? err.type;
}

export interface Observation {
  group: string;
  target: string | null;
  status: number;
  latencyMs: number;
  ttftMs: number | null;
  prompt: number;
  completion: number;
  costUsd: number;
  fallback: boolean;
  /** The route the client called (chat/completions, messages, responses, …), for the per-route counter. */
  route?: string;
}

export interface TargetGauge {
  target: string;
  inflight: number;
  coolingDown: boolean;
  available: boolean;
}

export class GatewayMetrics {
  private readonly requests = new Counter();
  private readonly failures = new Counter();
  private readonly tokens = new Counter();
  private readonly spend = new Counter();
  private readonly fallbacks = new Counter();
  private readonly refusals = new Counter();
  private readonly byRoute = new Counter();
  /** Label strings per (route, status), built once. */
  private readonly routeLabels = new Map<string, string>();
  private readonly latency = new Histogram();
  private readonly ttft = new Histogram();

  /** Label strings per (group, deployment, status), built once: observe() runs on every request. */
  private readonly labelCache = new Map<
    string,
    { request: string; failure: string; group: string; prompt: string; completion: string }
  >();

  observe(o: Observation): void {
    const target = o.target ?? 'none';
    const id = `${o.group}\u0000${target}\u0000${o.status}`;
    let l = this.labelCache.get(id);
    if (!l) {
      l = {
        request: labelKey({ model_group: o.group, deployment: target, status: String(o.status) }),
        failure: labelKey({ model_group: o.group, deployment: target }),
        group: labelKey({ model_group: o.group }),
        prompt: labelKey({ model_group: o.group, type: 'prompt' }),
        completion: labelKey({ model_group: o.group, type: 'completion' }),
      };
      this.labelCache.set(id, l);
    }
    this.requests.inc(l.request);
    if (o.route) {
      const key = `${o.route}\u0000${o.status}`;
      let label = this.routeLabels.get(key);
      if (!label) {
        label = labelKey({ route: o.route, status: String(o.status) });
        this.routeLabels.set(key, label);
      }
      this.byRoute.inc(label);
    }
    if (o.status >= 400) this.failures.inc(l.failure);
    this.latency.observe(l.group, o.latencyMs / 1000);
    if (o.ttftMs != null) this.ttft.observe(l.group, o.ttftMs / 1000);
    if (o.prompt) this.tokens.inc(l.prompt, o.prompt);
    if (o.completion) this.tokens.inc(l.completion, o.completion);
    if (o.costUsd) this.spend.inc(l.group, o.costUsd);
    if (o.fallback) this.fallbacks.inc(l.group);
  }

  /**
   * Counts a request the gateway answered with an error of its own (auth, allow-list, limits,
   * budget, bad input, size, unknown route). Errors that are a target's answer are not refusals.
   */
  refused(status: number, reason: string): void {
    this.requests.inc({ model_group: 'none', deployment: 'none', status: String(status) });
    this.failures.inc({ model_group: 'none', deployment: reason });
    if (status < 500 && !TARGET_ERROR_CODES.has(reason)) this.refusals.inc({ status: String(status), reason });
  }

  render(targets: TargetGauge[], budgets: Array<{ scope: string; remainingUsd: number }>): string {
    const out: string[] = [];
    const counter = (name: string, help: string, c: Counter) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [k, v] of c.values) out.push(`${name}{${k}} ${v}`);
    };
    const histogram = (name: string, help: string, h: Histogram) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
      for (const [k, s] of h.series) {
        LATENCY_BUCKETS_S.forEach((le, i) => out.push(`${name}_bucket{${k},le="${le}"} ${s.buckets[i]}`));
        out.push(
          `${name}_bucket{${k},le="+Inf"} ${s.count}`,
          `${name}_sum{${k}} ${s.sum}`,
          `${name}_count{${k}} ${s.count}`,
        );
      }
    };
    const gauge = (name: string, help: string, rows: Array<[Labels, number]>) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
      for (const [labels, v] of rows) out.push(`${name}{${labelKey(labels)}} ${v}`);
    };
    counter(
      'switchyard_requests_total',
      'Requests answered, by model group, deployment and HTTP status.',
      this.requests,
    );
    counter(
      'switchyard_route_requests_total',
      'Requests answered by a target, by the route the client called (its dialect) and HTTP status.',
      this.byRoute,
    );
    counter('switchyard_request_failures_total', 'Requests that ended in an error.', this.failures);
    counter(
      'switchyard_refusals_total',
      'Requests the gateway refused, by HTTP status and reason (the error code; rate limits by the limit hit).',
      this.refusals,
    );
    counter('switchyard_tokens_total', 'Tokens served, by type (prompt, completion).', this.tokens);
    counter('switchyard_spend_usd_total', 'Spend in USD.', this.spend);
    counter('switchyard_fallbacks_total', 'Requests served by a fallback group.', this.fallbacks);
    histogram('switchyard_request_latency_seconds', 'Whole-request latency.', this.latency);
    histogram('switchyard_time_to_first_token_seconds', 'Time to the first streamed chunk.', this.ttft);
    gauge(
      'switchyard_deployment_inflight',
      'Requests in flight to each target.',
      targets.map((t) => [{ deployment: t.target }, t.inflight]),
    );
    gauge(
      'switchyard_deployment_available',
      '1 when a target can take traffic (ready, not cooling down).',
      targets.map((t) => [{ deployment: t.target }, t.available && !t.coolingDown ? 1 : 0]),
    );
    gauge(
      'switchyard_deployment_cooldown',
      '1 while a target is in cooldown after failures.',
      targets.map((t) => [{ deployment: t.target }, t.coolingDown ? 1 : 0]),
    );
    gauge(
      'switchyard_budget_remaining_usd',
      'Budget left for each key or team with a budget.',
      budgets.map((b) => [{ scope: b.scope }, b.remainingUsd]),
    );
    return out.join('\n') + '\n';
  }
}
