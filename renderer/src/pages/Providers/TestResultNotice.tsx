// The outcome of "Test connection": the models the server lists, or why it could not be asked.
import type { ProviderTestResult } from '../../../../shared/contract-access';
import { Notice } from '../../components/Notice';
import { formatDuration } from '../../lib/format';

export function TestResultNotice({ result, testId }: { result: ProviderTestResult; testId: string }) {
  if (!result.ok) {
    return (
      <div className="test-result">
        <Notice tone="danger" title="Connection failed" testId={testId}>
          {result.reason}
        </Notice>
      </div>
    );
  }
  return (
    <div className="test-result">
      <Notice
        tone="ok"
        title={`Connected in ${formatDuration(result.latencyMs)}: ${result.models.length} model${result.models.length === 1 ? '' : 's'}`}
        testId={testId}
      >
        {result.models.length === 0 ? (
          'The server lists no models.'
        ) : (
          <div className="model-list" data-testid={`${testId}-models`}>
            {result.models.map((m) => (
              <code key={m} className="chip">
                {m}
              </code>
            ))}
          </div>
        )}
      </Notice>
    </div>
  );
}
