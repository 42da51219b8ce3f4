// A small Prometheus registry that writes exactly what Python's prometheus_client writes (the
// library behind vLLM's /metrics): float values as Python prints them ("0.0", "1e-05",
// "1.7e+09"), counters with `_total`, histogram buckets, `_count`, `_sum`, and the `_created`
// samples gathered in their own gauge family after each metric.

/** Python's repr() of a float. */
export function pyFloat(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = d.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const fixed = String(d);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** prometheus_client's floatToGoString, quirks included (Go switches to exponents sooner). */
export function goFloat(d: number): string {
  if (d === Infinity) return '+Inf';
  if (d === -Infinity) return '-Inf';
  if (Number.isNaN(d)) return 'NaN';
  const s = pyFloat(d);
  const dot = s.indexOf('.');
  if (d > 0 && dot > 6) {
    const mantissa = `${s[0]}.${s.slice(1, dot)}${s.slice(dot + 1)}`.replace(/[0.]+$/, '');
    return `${mantissa}e+0${dot - 1}`;
  }
  return s;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabel(values[i])}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

type MetricType = 'counter' | 'gauge' | 'histogram';

interface Child {
  values: string[];
  created: number;
  value: number;
  buckets?: Float64Array; // cumulative counts are computed at render time
  sum?: number;
  count?: number;
}

export class Metric {
  private readonly children = new Map<string, Child>();

  constructor(
    readonly type: MetricType,
    /** The name without `_total` for counters, as prometheus_client keeps it. */
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly bucketBounds: readonly number[] = [],
  ) {}

  // The last label-values array seen and its child: callers on the hot path pass the same array.
  private lastValues: readonly string[] | null = null;
  private lastChild: Child | null = null;

  /** Creates the child for these label values now (so it shows as 0 before first use). */
  child(values: readonly string[]): Child {
    if (values === this.lastValues) return this.lastChild!;
    const c = this.lookup(values);
    this.lastValues = values;
    this.lastChild = c;
    return c;
  }

  private lookup(values: readonly string[]): Child {
    const key = values.join('\u0000');
    let c = this.children.get(key);
    if (!c) {
      c = { values: values.slice(), created: Date.now() / 1000, value: 0 };
      if (this.type === 'histogram') {
        c.buckets = new Float64Array(this.bucketBounds.length + 1);
        c.sum = 0;
        c.count = 0;
      }
      this.children.set(key, c);
    }
    return c;
  }

  inc(values: readonly string[], by = 1): void {
    this.child(values).value += by;
  }

  set(values: readonly string[], value: number): void {
    this.child(values).value = value;
  }

  observe(values: readonly string[], value: number): void {
    const c = this.child(values);
    const bounds = this.bucketBounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    c.buckets![i]++;
    c.sum! += value;
    c.count!++;
  }

  render(out: string[]): void {
    const exposed = this.type === 'counter' ? `${this.name}_total` : this.name;
    out.push(`# HELP ${exposed} ${escapeHelp(this.help)}`, `# TYPE ${exposed} ${this.type}`);
    const created: string[] = [];
    for (const c of this.children.values()) {
      const labels = labelText(this.labelNames, c.values);
      if (this.type === 'histogram') {
        let cumulative = 0;
        for (let i = 0; i <= this.bucketBounds.length; i++) {
          cumulative += c.buckets![i];
          const le = i < this.bucketBounds.length ? goFloat(this.bucketBounds[i]) : '+Inf';
          out.push(`${this.name}_bucket${labelText(this.labelNames, c.values, ['le', le])} ${goFloat(cumulative)}`);
        }
        out.push(`${this.name}_count${labels} ${goFloat(c.count!)}`, `${this.name}_sum${labels} ${goFloat(c.sum!)}`);
      } else {
        out.push(`${exposed}${labels} ${goFloat(c.value)}`);
      }
      if (this.type !== 'gauge') created.push(`${this.name}_created${labels} ${goFloat(c.created)}`);
    }
    if (created.length) {
      out.push(`# HELP ${this.name}_created ${escapeHelp(this.help)}`, `# TYPE ${this.name}_created gauge`, ...created);
    }
  }
}

/** Metrics in registration order, rendered as one text page. */
export class Registry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string, labelNames: readonly string[]): Metric {
    return this.add(new Metric('counter', name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[]): Metric {
    return this.add(new Metric('gauge', name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Metric {
    return this.add(new Metric('histogram', name, help, labelNames, buckets));
  }

  render(): string {
    const out: string[] = [];
    for (const m of this.metrics) m.render(out);
    return out.join('\n') + '\n';
  }

  private add(metric: Metric): Metric {
    this.metrics.push(metric);
    return metric;
  }
}

/** The Content-Type vLLM's /metrics answers with. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
