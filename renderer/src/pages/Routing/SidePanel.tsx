// Beside the graph: what applying would change, the problems that block it, and the LiteLLM YAML
// equivalent of the draft.
import type { RoutingChange, RoutingProblem } from '../../../../shared/contract-routing';
import { Segmented } from '../../components/Segmented';

export type PanelTab = 'changes' | 'problems' | 'yaml';

interface Props {
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
  changes: RoutingChange[] | null;
  problems: RoutingProblem[];
  yaml: string | null;
  yamlError: string | null;
}

export function SidePanel({ tab, onTab, changes, problems, yaml, yamlError }: Props) {
  return (
    <aside className="rt-panel" data-testid="routing-panel">
      <Segmented
        label="Side panel"
        value={tab}
        onChange={onTab}
        testId="routing-panel-tab"
        options={[
          { value: 'changes', label: `Changes${changes?.length ? ` (${changes.length})` : ''}` },
          { value: 'problems', label: `Problems${problems.length ? ` (${problems.length})` : ''}` },
          { value: 'yaml', label: 'LiteLLM YAML' },
        ]}
      />
      <div className="rt-panel-body">
        {tab === 'changes' && <ChangeList changes={changes} testId="routing-changes" />}
        {tab === 'problems' &&
          (problems.length === 0 ? (
            <p className="muted" data-testid="routing-problems-none">
              No problems: this table can be applied.
            </p>
          ) : (
            <ul className="rt-problem-list" data-testid="routing-problems">
              {problems.map((p, i) => (
                <li key={i} data-testid={`routing-problem-${p.rule}`}>
                  <span className="rt-problem-where mono">
                    {p.subject.node} {p.subject.id}
                  </span>
                  <span>{p.message}</span>
                </li>
              ))}
            </ul>
          ))}
        {tab === 'yaml' &&
          (yamlError ? (
            <p className="rt-bad">{yamlError}</p>
          ) : (
            <pre className="rt-yaml" data-testid="routing-yaml">
              {yaml ?? 'Writing…'}
            </pre>
          ))}
      </div>
    </aside>
  );
}

export function ChangeList({ changes, testId }: { changes: RoutingChange[] | null; testId: string }) {
  if (changes === null) return <p className="muted">Comparing…</p>;
  if (changes.length === 0)
    return (
      <p className="muted" data-testid={`${testId}-none`}>
        No changes: the draft is what the gateway runs.
      </p>
    );
  return (
    <ul className="rt-change-list" data-testid={testId}>
      {changes.map((c, i) => (
        <li key={i} className={`rt-change rt-change-${c.action}`}>
          <span className="rt-change-mark" role="img" aria-label={c.action}>
            {c.action === 'added' ? '+' : c.action === 'removed' ? '−' : '~'}
          </span>
          <span>{c.text}</span>
        </li>
      ))}
    </ul>
  );
}
