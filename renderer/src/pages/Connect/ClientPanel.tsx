// One client's setup: what it speaks, the tool-call warning for agents, its snippets (each with a
// copy button) and "Test it" with the answer: status, the target that served it, its first words.
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { CodeIcon, PlayIcon } from '../../components/icons';
import { Notice } from '../../components/Notice';
import { type ConnectClient, clientSetup } from '../../../../shared/connect-snippets';
import type { ConnectGroup } from '../../../../shared/contract-connect';
import { useConnectStore } from './connect-state';
import { toolWarning } from './connect-view';

interface ClientPanelProps {
  client: ConnectClient;
  group: ConnectGroup;
  gatewayUrl: string;
  snippetKey: string | null;
}

export function ClientPanel({ client, group, gatewayUrl, snippetKey }: ClientPanelProps) {
  const setup = clientSetup(client, {
    gatewayUrl,
    key: snippetKey,
    model: group.name,
    toolCalls: group.toolCalls.state === 'yes',
  });
  const warning = toolWarning(client, group);
  const test = useConnectStore((s) => s.tests[client]);
  const result = test?.result ?? null;

  return (
    <Card
      title={setup.client.name}
      icon={<CodeIcon />}
      subtitle={setup.client.summary}
      testId={`connect-panel-${client}`}
      actions={
        <Button
          variant="primary"
          icon={<PlayIcon />}
          busy={test?.busy}
          onClick={() => void useConnectStore.getState().test(client, group.name)}
          testId={`connect-test-${client}`}
          title={`Send one request to ${group.name} as ${setup.client.name} does`}
        >
          Test it
        </Button>
      }
    >
      <div className="stack">
        {warning && (
          <Notice tone={warning.tone} title={warning.title} testId="connect-tools-warning">
            {warning.text}
          </Notice>
        )}
        {setup.notes.map((note, i) => (
          <p className="muted small connect-note" key={note} data-testid={`connect-note-${i}`}>
            {note}
          </p>
        ))}
        {setup.snippets.map((s, i) => (
          <div className="connect-snippet" key={s.title} data-testid={`connect-snippet-${client}-${i}`}>
            <div className="connect-snippet-title">
              <strong>{s.title}</strong>
              {s.file && <span className="mono faint">{s.file}</span>}
            </div>
            <div className="code-block">
              <pre className="code" data-testid={`connect-snippet-${client}-${i}-text`}>
                {s.text}
              </pre>
              <span className="code-copy">
                <CopyButton value={s.text} testId={`connect-snippet-${client}-${i}-copy`} />
              </span>
            </div>
          </div>
        ))}
        {test?.error && (
          <Notice tone="danger" title="The test could not run" testId={`connect-test-error-${client}`}>
            {test.error}
          </Notice>
        )}
        {result && (
          <div
            className={`connect-result connect-result-${result.ok ? 'ok' : 'failed'}`}
            data-testid={`connect-result-${client}`}
            data-ok={result.ok ? 'true' : 'false'}
          >
            <div className="connect-result-head">
              <strong data-testid={`connect-result-${client}-status`}>
                {result.status === null ? 'No answer' : `HTTP ${result.status}`}
              </strong>
              <span className="mono small">{result.request}</span>
              {result.deployment && (
                <span className="small">
                  served by{' '}
                  <span className="mono" data-testid={`connect-result-${client}-deployment`}>
                    {result.deployment}
                  </span>
                </span>
              )}
              <span className="faint small">{Math.round(result.latencyMs)} ms</span>
            </div>
            {result.answer && (
              <p className="connect-answer" data-testid={`connect-result-${client}-answer`}>
                {result.answer}
              </p>
            )}
            {result.error && (
              <p className="connect-error" data-testid={`connect-result-${client}-error`}>
                {result.error}
              </p>
            )}
            {result.keyNotes.map((n) => (
              <p className="small connect-key-note" key={n}>
                {n}
              </p>
            ))}
          </div>
        )}
      </div>
    </Card>
  );
}
