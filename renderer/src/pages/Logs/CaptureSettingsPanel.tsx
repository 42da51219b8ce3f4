// Body capture, off by default: the global switch, each key's own choice, the size cap, the
// redaction list (header names, JSON paths) and how long stored bodies are kept (capture.*).
import { useEffect, useState } from 'react';
import type { CaptureSettings } from '../../../../shared/contract-capture';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { errorMessage } from '../../lib/errors';
import { actions, useAppStore } from '../../store';

type Draft = { enabled: boolean; maxKib: string; retentionDays: string; headers: string; paths: string };

const draftOf = (s: CaptureSettings): Draft => ({
  enabled: s.enabled,
  maxKib: String(s.maxBytes / 1024),
  retentionDays: String(s.retentionDays),
  headers: s.redactHeaders.join(', '),
  paths: s.redactPaths.join('\n'),
});

const listOf = (text: string, sep: RegExp) =>
  text
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean);

export function CaptureSettingsPanel({ onClose }: { onClose: () => void }) {
  const keys = useAppStore((s) => s.keys.data);
  const [settings, setSettings] = useState<CaptureSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    void actions().loadKeys();
    api.call('capture.get', {}).then(
      (s) => {
        setSettings(s);
        setDraft(draftOf(s));
      },
      (err) => setError(errorMessage(err)),
    );
  }, []);

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    setError(null);
    try {
      const next = await api.call('capture.update', {
        enabled: draft.enabled,
        maxBytes: Math.round(Number(draft.maxKib) * 1024),
        retentionDays: Number(draft.retentionDays),
        redactHeaders: listOf(draft.headers, /[,\n]/),
        redactPaths: listOf(draft.paths, /\n/),
      });
      setSettings(next);
      setDraft(draftOf(next));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const setKey = async (keyId: string, choice: 'default' | 'on' | 'off') => {
    try {
      setSettings(await api.call('capture.setKey', { keyId, capture: choice === 'default' ? null : choice === 'on' }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Card title="Body capture" testId="capture-panel">
      <p className="faint">
        Stores request and response bodies with each log row, for the drawer and Replay in Playground. Off by default;
        while off nothing else changes. Authorization and x-api-key headers are never stored.
      </p>
      {error && (
        <p className="log-danger" data-testid="capture-error">
          {error}
        </p>
      )}
      {draft && settings && (
        <div className="capture-form">
          <label className="check">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
              data-testid="capture-enabled"
            />
            Capture every key's bodies (unless the key says otherwise below)
          </label>
          <div className="capture-row">
            <Field
              label="Size cap"
              suffix="KiB"
              value={draft.maxKib}
              onChange={(v) => setDraft({ ...draft, maxKib: v })}
              hint="each body is cut here and flagged truncated"
              testId="capture-max"
            />
            <Field
              label="Keep bodies for"
              suffix="days"
              value={draft.retentionDays}
              onChange={(v) => setDraft({ ...draft, retentionDays: v })}
              hint="never longer than the log's own retention"
              testId="capture-retention"
            />
          </div>
          <Field
            label="Redact headers"
            value={draft.headers}
            onChange={(v) => setDraft({ ...draft, headers: v })}
            hint="header names, comma-separated"
            testId="capture-headers"
          />
          <label className="field-label" htmlFor="capture-paths">
            Redact JSON paths
          </label>
          <textarea
            id="capture-paths"
            className="input capture-paths mono"
            rows={3}
            value={draft.paths}
            onChange={(e) => setDraft({ ...draft, paths: e.target.value })}
            placeholder="messages[*].content"
            data-testid="capture-paths"
          />
          <p className="faint">One a line, from the body's root: messages[*].content, api_key, input[0].text.</p>
          <div className="capture-actions">
            <Button variant="primary" busy={saving} onClick={() => void save()} testId="capture-save">
              Save
            </Button>
            <Button variant="ghost" onClick={onClose} testId="capture-close">
              Close
            </Button>
          </div>
          {keys && keys.length > 0 && (
            <div className="capture-keys" data-testid="capture-keys">
              <h3 className="log-drawer-sub">Per key</h3>
              {keys
                .filter((k) => !k.revokedAt)
                .map((k) => {
                  const choice = settings.keys[k.id];
                  return (
                    <SelectField
                      key={k.id}
                      label={k.alias ?? k.prefix}
                      value={choice === undefined ? 'default' : choice ? 'on' : 'off'}
                      options={[
                        { value: 'default', label: `as above (${settings.enabled ? 'on' : 'off'})` },
                        { value: 'on', label: 'capture' },
                        { value: 'off', label: 'never capture' },
                      ]}
                      onChange={(v) => void setKey(k.id, v)}
                      testId={`capture-key-${k.alias ?? k.id}`}
                    />
                  );
                })}
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
