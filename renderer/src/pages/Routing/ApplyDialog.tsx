// The confirmation before Apply: the changes in words, then one click to switch the gateway.
import type { RoutingChange } from '../../../../shared/contract-routing';
import { Button } from '../../components/Button';
import { ChangeList } from './SidePanel';

interface Props {
  changes: RoutingChange[];
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ApplyDialog({ changes, busy, onConfirm, onCancel }: Props) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop cancels; Escape and the buttons do too
    <div className="rt-dialog-backdrop" role="presentation" onClick={onCancel}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: stops backdrop clicks only; keys reach the buttons */}
      <div
        className="rt-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="rt-apply-title"
        data-testid="routing-apply-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="rt-apply-title" className="card-title">
          Apply {changes.length} change{changes.length === 1 ? '' : 's'} to the gateway?
        </h2>
        <p className="muted">
          The gateway switches to the new table in one step; requests already under way finish on the old one.
        </p>
        <ChangeList changes={changes} testId="routing-apply-changes" />
        <div className="rt-dialog-actions">
          <Button variant="ghost" onClick={onCancel} testId="routing-apply-cancel">
            Cancel
          </Button>
          <Button variant="primary" busy={busy} onClick={onConfirm} testId="routing-apply-confirm">
            Apply
          </Button>
        </div>
      </div>
    </div>
  );
}
