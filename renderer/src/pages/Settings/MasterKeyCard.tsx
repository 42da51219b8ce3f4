// Rotating the master key: the new key is shown here once; only its hash is kept.
import { useState } from 'react';
import { Card } from '../../components/Card';
import { ConfirmButton } from '../../components/ConfirmButton';
import { KeyIcon, RefreshIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { SecretOnce } from '../../components/SecretOnce';
import { errorMessage } from '../../lib/errors';
import { actions } from '../../store';

export function MasterKeyCard() {
  const [newKey, setNewKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      setNewKey(await actions().rotateMasterKey());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title="Master key"
      subtitle="Admin access to the gateway: key management and every model"
      icon={<KeyIcon />}
      testId="settings-master-key"
      actions={
        <ConfirmButton
          label="Rotate…"
          confirmLabel="Rotate now"
          icon={<RefreshIcon />}
          variant="danger"
          busy={busy}
          testId="settings-rotate-master-key"
          onConfirm={rotate}
        />
      }
    >
      <p className="muted">
        Rotating makes a new master key and retires the current one: scripts and tools that use the old key must be
        given the new one. Virtual keys are not affected.
      </p>
      {error && (
        <Notice tone="danger" title="Not rotated" testId="settings-rotate-error">
          {error}
        </Notice>
      )}
      {newKey && (
        <SecretOnce title="New master key" value={newKey} testId="master-key" onDismiss={() => setNewKey(null)} />
      )}
    </Card>
  );
}
