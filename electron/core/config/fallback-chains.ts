// Fallback chains from a LiteLLM config (`[{ group: [fallback, …] }, …]`, under router_settings
// and litellm_settings): merged per group, checked against the groups that exist, and checked for
// cycles — a request must never bounce between groups forever.
import type { LitellmConfig } from './litellm-schema';
import type { ConfigIssue, PathSegment, SourceLocations } from './source-locations';

type Chains = NonNullable<NonNullable<LitellmConfig['router_settings']>['fallbacks']>;

export interface FallbackEdge {
  to: string;
  /** Where the edge is written: `router_settings.fallbacks[0].a[1]`. */
  path: PathSegment[];
}

export type FallbackGraph = Map<string, FallbackEdge[]>;

export interface ChainResult {
  graph: FallbackGraph;
  errors: ConfigIssue[];
  warnings: string[];
}

/**
 * Reads one kind of chain (`fallbacks` or `context_window_fallbacks`) from router_settings and
 * litellm_settings. A group given in both takes router_settings' chain (LiteLLM's Router reads that one).
 */
export function readChains(
  sources: Array<{ section: 'router_settings' | 'litellm_settings'; chains: Chains | undefined }>,
  key: 'fallbacks' | 'context_window_fallbacks',
  groups: ReadonlySet<string>,
  locations: SourceLocations,
): ChainResult {
  const graph: FallbackGraph = new Map();
  const ownerSection = new Map<string, string>();
  const errors: ConfigIssue[] = [];
  const warnings: string[] = [];
  const known = () => (groups.size > 0 ? [...groups].join(', ') : 'none: the file has no model_list');
  for (const { section, chains } of sources) {
    chains?.forEach((item, k) => {
      for (const [group, targets] of Object.entries(item)) {
        const at: PathSegment[] = [section, key, k, group];
        if (!groups.has(group)) {
          errors.push(
            locations.issue(at, `names model group "${group}", which model_list does not define (groups: ${known()})`),
          );
          continue;
        }
        const owner = ownerSection.get(group);
        if (owner && owner !== section) {
          warnings.push(`${locations.describe(at)}: ${key} for "${group}" are also set under ${owner}; those are used`);
          continue;
        }
        ownerSection.set(group, section);
        const edges = graph.get(group) ?? [];
        targets.forEach((to, j) => {
          if (!groups.has(to))
            errors.push(
              locations.issue([...at, j], `fallback "${to}" names no model group in model_list (groups: ${known()})`),
            );
          else if (!edges.some((e) => e.to === to)) edges.push({ to, path: [...at, j] });
        });
        graph.set(group, edges);
      }
    });
  }
  for (const { cycle, path } of findCycles(graph)) {
    errors.push(
      locations.issue(
        path,
        `${key} form a cycle (${cycle.join(' → ')}): a failing request would bounce between these groups forever; remove one link`,
      ),
    );
  }
  return { graph, errors, warnings };
}

/** Every distinct cycle once, with the edge that closes it. */
export function findCycles(graph: FallbackGraph): Array<{ cycle: string[]; path: PathSegment[] }> {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const found: Array<{ cycle: string[]; path: PathSegment[] }> = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const edge of graph.get(node) ?? []) {
      const s = state.get(edge.to);
      if (s === 'open') {
        const cycle = [...stack.slice(stack.indexOf(edge.to)), edge.to];
        const id = [...new Set(cycle)].sort().join('\0');
        if (!seen.has(id)) {
          seen.add(id);
          found.push({ cycle, path: edge.path });
        }
      } else if (s === undefined) {
        visit(edge.to);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}
