// Helpers for the simulator suites: start simulators that are closed after the file, and read
// a /metrics page as samples.
import { afterAll } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../src';

const running: RunningSimulator[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** A simulator on a free loopback port, ready to serve; closed after the test file. */
export async function startReadySim(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ model: 'Qwen/Qwen3-0.6B', ttftMs: 2, itlMs: 1, ...options });
  running.push(sim);
  await sim.ready;
  return sim;
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text (exposition 0.0.4) into samples; comments are skipped. */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    const raw = m[3];
    samples.push({ name: m[1], labels, value: raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw) });
  }
  return samples;
}

export async function scrape(sim: RunningSimulator): Promise<Sample[]> {
  const res = await fetch(`${sim.url}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parsePrometheus(await res.text());
}

/** The value of one sample, matching the given labels (undefined when absent). */
export function metric(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A response body as JSON of any shape (tests assert on it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const readJson = (res: Response): Promise<any> => res.json();
