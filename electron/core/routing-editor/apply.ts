// Applying a proposed routing table: validate it, write it in one transaction (groups keep their
// retry/timeout/cooldown settings by name), then have the gateway swap to it in one step. Requests
// already under way finish on the table they started with (GatewayRuntime.attemptContext).
import type { ProposedTable, RoutingChange, RoutingProblem } from '../../../shared/contract-routing';
import type { ChangeNotice } from '../changes';
import { ApiError } from '../errors';
import type { Store } from '../store';
import type { GroupSpec } from '../store/model-groups';
import { readCurrentTable, tableVersion } from './current-table';
import { diffTables } from './diff';
import { validateTable, type KnownTargets } from './validate';

export function knownTargets(store: Store): KnownTargets {
  return {
    deployments: new Set(store.deployments.list().map((d) => d.name)),
    endpoints: new Set(store.endpoints.list().map((e) => e.name)),
  };
}

export function validateProposal(store: Store, table: ProposedTable): RoutingProblem[] {
  return validateTable(table, knownTargets(store));
}

/** The proposal as the store writes it: each group keeps the settings it has today. */
export function toGroupSpecs(store: Store, table: ProposedTable): GroupSpec[] {
  const settings = new Map(store.modelGroups.list().map((g) => [g.name, g.settings]));
  return table.groups.map((g) => ({ ...g, settings: settings.get(g.name) ?? {} }));
}

export interface ApplyDeps {
  store: Store;
  /** Announces the new table: the gateway re-reads it and the UI hears routing.changed. */
  changes: ChangeNotice;
}

export interface ApplyResult {
  version: string;
  groups: number;
  changes: RoutingChange[];
}

export function problemsError(problems: RoutingProblem[]): ApiError {
  const lines = problems.map((p) => `- ${p.subject.node} ${p.subject.id}: ${p.message}`);
  return new ApiError(
    'invalid_input',
    `The routing table was not applied (nothing changed); fix these first:\n${lines.join('\n')}`,
    problems.map((p) => ({ path: `table.${p.subject.node}:${p.subject.id}`, message: p.message })),
  );
}

export function applyProposal(deps: ApplyDeps, table: ProposedTable, baseVersion?: string): ApplyResult {
  const { store } = deps;
  const problems = validateProposal(store, table);
  if (problems.length > 0) throw problemsError(problems);
  const specs = toGroupSpecs(store, table);
  let changes: RoutingChange[] = [];
  // Check the version and write in the same write transaction, so two editors cannot both win.
  store.db
    .transaction(() => {
      const current = readCurrentTable(store);
      if (baseVersion && tableVersion(current) !== baseVersion) {
        throw new ApiError(
          'conflict',
          'The routing table was changed elsewhere since this page loaded it: reload the graph (your edits stay in the undo history) and apply again.',
          [{ path: 'baseVersion', message: 'stale' }],
        );
      }
      changes = diffTables(current, table);
      store.modelGroups.replaceAll(specs, table.aliases);
    })
    .immediate();
  deps.changes.publish({ kind: 'routing' });
  return { version: tableVersion(readCurrentTable(store)), groups: table.groups.length, changes };
}
