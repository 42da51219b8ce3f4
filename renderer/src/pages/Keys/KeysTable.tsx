// The list of virtual keys with spend against budget, limits, expiry and a revoke action.
import { ConfirmButton } from '../../components/ConfirmButton';
import { Notice } from '../../components/Notice';
import { useRowAction } from '../../components/use-row-action';
import { Badge } from '../../components/Status';
import { TrashIcon } from '../../components/icons';
import { useNow } from '../../components/use-now';
import { formatDateTime, formatRelative } from '../../lib/format';
import type { VirtualKey } from '../../lib/types';
import { actions } from '../../store';
import { budgetSummary, budgetUsed, keyStatus, keyStatusLabel, keyStatusTone, limitsSummary } from './key-view';

export function KeysTable({ keys }: { keys: VirtualKey[] }) {
  const now = useNow();
  const { busyId, error, run: revoke } = useRowAction((id) => actions().revokeKey(id));

  return (
    <>
      {error && <Notice tone="danger" title="Not revoked" testId="keys-revoke-error">{error}</Notice>}
      <div className="table-wrap">
        <table className="table" data-testid="keys-table">
          <thead>
            <tr>
              <th>Key</th>
              <th>Status</th>
              <th>Models</th>
              <th>Spend / budget</th>
              <th>Limits</th>
              <th>Expires</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const status = keyStatus(key, now);
              const used = budgetUsed(key);
              return (
                <tr key={key.id} data-testid={`key-row-${key.id}`} data-status={status}>
                  <td>
                    <div className="cell-primary">{key.alias ?? <span className="faint">No alias</span>}</div>
                    <div className="cell-secondary mono" data-testid={`key-prefix-${key.id}`}>{key.prefix}</div>
                  </td>
                  <td><Badge tone={keyStatusTone[status]}>{keyStatusLabel[status]}</Badge></td>
                  <td>{key.models.length ? key.models.join(', ') : <span className="faint">All</span>}</td>
                  <td>
                    <div>{budgetSummary(key)}</div>
                    {used !== null && (
                      <div className="meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(used * 100)} aria-label="Budget used">
                        <span className={`meter-fill${used >= 0.9 ? ' is-high' : ''}`} style={{ width: `${used * 100}%` }} />
                      </div>
                    )}
                  </td>
                  <td className="nowrap">{limitsSummary(key)}</td>
                  <td className="nowrap" title={key.expiresAt ? formatDateTime(key.expiresAt) : undefined}>
                    {key.expiresAt ? formatRelative(key.expiresAt, now) : <span className="faint">Never</span>}
                  </td>
                  <td className="cell-actions">
                    {!key.revokedAt && (
                      <ConfirmButton label="Revoke" confirmLabel="Revoke key" icon={<TrashIcon />} testId={`key-revoke-${key.id}`} busy={busyId === key.id} onConfirm={() => revoke(key.id)} />
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
