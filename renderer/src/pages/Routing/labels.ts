// Words and tones for the routing graph: strategies, target states, percentages.
import type { ProposedGroup, TargetState } from '../../../../shared/contract-routing';

export const STRATEGIES: Array<{ value: ProposedGroup['strategy']; label: string }> = [
  { value: 'simple-shuffle', label: 'Weighted shuffle' },
  { value: 'least-busy', label: 'Least busy' },
  { value: 'latency-based-routing', label: 'Lowest latency' },
  { value: 'cost-based-routing', label: 'Lowest cost' },
  { value: 'kv-aware', label: 'KV-cache aware' },
];

export const STATE_LABELS: Record<TargetState | 'missing', string> = {
  ready: 'Ready',
  loading: 'Loading',
  asleep: 'Asleep',
  cooldown: 'Cooling down',
  down: 'Down',
  missing: 'Missing',
};

/** 0.734 → "73%"; tiny but non-zero shares do not read as 0%. */
export function percent(fraction: number): string {
  if (fraction > 0 && fraction < 0.01) return '<1%';
  return `${Math.round(fraction * 100)}%`;
}
