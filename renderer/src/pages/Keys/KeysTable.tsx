// The list of virtual keys: prefix (the key itself is never shown again), team, spend against
// budget with its reset date, limits, expiry, its owner, and block/unblock and revoke actions.
import type { Team } from '../../../../shared/contract-access';
import { BudgetMeter } from '../../components/BudgetMeter';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Notice } from '../../components/Notice';
import { useRowAction } from '../../components/use-row-action';
import { Badge } from '../../components/Status';
import { TrashIcon } from '../../components/icons';
import { useNow } from '../../components/use-now';
import { formatDateTime, formatRelative } from '../../lib/format';
import type { VirtualKey } from '../../lib/types';
import { actions } from '../../store';
import { keyStatus, keyStatusLabel, keyStatusTone, limitsSummary } from './key-view';

export function KeysTable({ keys, teams }: { keys: VirtualKey[]; teams: Team[] }) {
  const now = useNow(10_000);
  const { busyId, error, run: revoke } = useRowAction((id) => actions().revokeKey(id));
  const blocking = useRowAction((id) => {
    const key = keys.find((k) => k.id === id);
    return actions().setKeyBlocked(id, !key?.blocked);
  });
  const teamName = new Map(teams.map((t) => [t.id, t.alias ?? t.id]));

  return (
    <>
      {error && (
        <Notice tone="danger" title="Not revoked" testId="keys-revoke-error">
          {error}
        </Notice>
      )}
      {blocking.error && (
        <Notice tone="danger" title="Not changed" testId="keys-block-error">
          {blocking.error}
        </Notice>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="keys-table">
          <thead>
            <tr>
              <th>Key</th>
              <th>Status</th>
              <th>Models</th>
              <th>Team</th>
              <th>Spend / budget</th>
              <th>Limits</th>
              <th>Expires</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const status = keyStatus(key, now);
              return (
                <tr key={key.id} data-testid={`key-row-${key.id}`} data-status={status}>
                  <td>
                    <div className="cell-primary">{key.alias ?? <span className="faint">No alias</span>}</div>
                    <div className="cell-secondary mono" data-testid={`key-prefix-${key.id}`}>
                      {key.prefix}
                    </div>
                    {key.userId && (
                      <div className="cell-secondary" data-testid={`key-user-${key.id}`}>
                        Owner: {key.userId}
                      </div>
                    )}
                  </td>
                  <td>
                    <Badge tone={keyStatusTone[status]} testId={`key-status-${key.id}`}>
                      {keyStatusLabel[status]}
                    </Badge>
                  </td>
                  <td>{key.models.length ? key.models.join(', ') : <span className="faint">All</span>}</td>
                  <td>
                    {key.teamId ? (
                      (teamName.get(key.teamId) ?? <span className="faint">Removed team</span>)
                    ) : (
                      <span className="faint">—</span>
                    )}
                  </td>
                  <td>
                    <BudgetMeter
                      spendUsd={key.spendUsd}
                      maxBudgetUsd={key.maxBudgetUsd}
                      period={key.budgetDuration}
                      resetAt={key.maxBudgetUsd !== null ? key.budgetResetAt : null}
                      exhausted={key.budgetExhausted}
                      now={now}
                      testId={`key-budget-${key.id}`}
                    />
                  </td>
                  <td className="nowrap">{limitsSummary(key)}</td>
                  <td className="nowrap" title={key.expiresAt ? formatDateTime(key.expiresAt) : undefined}>
                    {key.expiresAt ? formatRelative(key.expiresAt, now) : <span className="faint">Never</span>}
                  </td>
                  <td className="cell-actions">
                    {!key.revokedAt && (
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        data-testid={`key-block-${key.id}`}
                        disabled={blocking.busyId === key.id}
                        onClick={() => blocking.run(key.id)}
                      >
                        {key.blocked ? 'Unblock' : 'Block'}
                      </button>
                    )}
                    {!key.revokedAt && (
                      <ConfirmButton
                        label="Revoke"
                        confirmLabel="Revoke key"
                        icon={<TrashIcon />}
                        testId={`key-revoke-${key.id}`}
                        busy={busyId === key.id}
                        onConfirm={() => revoke(key.id)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
