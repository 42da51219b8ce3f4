// Adding a Docker host by name and endpoint (local socket, ssh:// or tcp://).
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { PlusIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { formErrors } from '../../lib/errors';
import { actions } from '../../store';

const fields = ['name', 'endpoint', 'tlsCertDir'] as const;
type HostField = (typeof fields)[number];

export function AddHostCard() {
  const empty: Record<HostField, string> = { name: '', endpoint: '', tlsCertDir: '' };
  const [form, setForm] = useState<Record<HostField, string>>(empty);
  const [errors, setErrors] = useState<Partial<Record<HostField, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: HostField) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setAdded(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const endpoint = form.endpoint.trim();
      const tlsCertDir = endpoint.startsWith('tcp://') && form.tlsCertDir.trim() ? form.tlsCertDir.trim() : undefined;
      const host = await actions().addHost({ name: form.name.trim(), endpoint, tlsCertDir });
      setAdded(host.name);
      setForm(empty);
      setErrors({});
    } catch (err) {
      const split = formErrors(err, fields);
      setErrors(split.fields);
      setMessage(split.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title="Add a host"
      subtitle="Any Docker engine: this machine's socket, or a remote one over SSH or TLS"
      icon={<PlusIcon />}
      testId="hosts-add"
    >
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field
            label="Name"
            testId="hosts-add-name"
            value={form.name}
            onChange={set('name')}
            error={errors.name}
            placeholder="e.g. gpu-box"
            autoComplete="off"
          />
          <Field
            label="Endpoint"
            className="field-wide"
            testId="hosts-add-endpoint"
            value={form.endpoint}
            onChange={set('endpoint')}
            error={errors.endpoint}
            placeholder="ssh://me@gpu-box"
            spellCheck={false}
            autoComplete="off"
            hint={<>unix:///var/run/docker.sock, ssh://user@host or tcp://host:2376</>}
          />
          {form.endpoint.trim().startsWith('tcp://') && (
            <Field
              label="TLS certificate folder"
              className="field-wide"
              testId="hosts-add-tls"
              value={form.tlsCertDir}
              onChange={set('tlsCertDir')}
              error={errors.tlsCertDir}
              placeholder="~/.docker/gpu-box"
              spellCheck={false}
              autoComplete="off"
              hint="The folder with ca.pem, cert.pem and key.pem (Docker's DOCKER_CERT_PATH); empty for a plain tcp:// engine"
            />
          )}
        </div>
        {message && (
          <Notice tone="danger" title="Host not added" testId="hosts-add-error">
            {message}
          </Notice>
        )}
        {added && <Notice tone="ok" title={`Added ${added}`} testId="hosts-added" />}
        <div className="form-actions">
          <Button type="submit" variant="primary" icon={<PlusIcon />} busy={busy} testId="hosts-add-submit">
            Add host
          </Button>
        </div>
      </form>
    </Card>
  );
}
