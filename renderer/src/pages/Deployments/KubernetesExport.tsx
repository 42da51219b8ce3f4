// A deployment's Kubernetes manifests (export.kubernetes, the same as `switchyard export
// --format k8s --deployment NAME`): shown as YAML under the card, with the Secrets to create
// first, and saved as a file on request.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { errorMessage } from '../../lib/errors';

/** A Blob URL clicked through an <a download>: no navigation, so the CSP and the desktop shell's guard allow it. */
function saveText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Loaded = { yaml: string; fileName: string; secrets: { name: string; keys: string[] }[] };

export function KubernetesExport({ name, testId }: { name: string; testId: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .call('export.kubernetes', { format: 'k8s', deployments: [name], gatewayReplicas: 0 })
      .then((r) => live && setLoaded(r))
      .catch((err) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [name]);

  if (error)
    return (
      <Notice tone="danger" title="Could not write the manifests" testId={`${testId}-error`}>
        {error}
      </Notice>
    );
  if (!loaded) return <p className="faint">Writing the manifests…</p>;
  return (
    <div className="k8s-export" data-testid={testId}>
      <p className="faint">
        Create these Secrets first (values are never exported):{' '}
        {loaded.secrets.map((s) => (
          <code key={s.name}>
            {s.name} ({s.keys.join(', ')}){' '}
          </code>
        ))}
      </p>
      <pre className="evidence" data-testid={`${testId}-yaml`}>
        {loaded.yaml}
      </pre>
      <Button size="sm" onClick={() => saveText(loaded.fileName, loaded.yaml)} testId={`${testId}-download`}>
        Save {loaded.fileName}
      </Button>
    </div>
  );
}
