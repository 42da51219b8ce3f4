// One target's answer to one turn: the text as it streams, the reasoning folded apart, tool calls
// as cards, and under it the figures — served target, attempts, TTFT, tokens/s, tokens, cost — and
// the request id, linking to its row on the Logs page.
import { Link } from 'react-router-dom';
import { Badge } from '../../components/Status';
import { formatCount, formatDuration, formatUsd } from '../../lib/format';
import type { PlaygroundAnswer } from '../../store/playground-model';

function prettyArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function AnswerCard({ answer, index }: { answer: PlaygroundAnswer; index: number }) {
  const f = answer.figures;
  return (
    <article
      className={`pg-answer is-${answer.state}`}
      data-testid="pg-answer"
      data-state={answer.state}
      data-target={answer.target}
      data-index={index}
    >
      <header className="pg-answer-head">
        <span className="mono">{answer.target}</span>
        {answer.state === 'streaming' && (
          <Badge tone="info" dot={false}>
            streaming
          </Badge>
        )}
        {answer.state === 'stopped' && (
          <Badge tone="warn" dot={false}>
            stopped
          </Badge>
        )}
        {answer.state === 'failed' && (
          <Badge tone="danger" dot={false}>
            failed
          </Badge>
        )}
      </header>
      {answer.reasoning && (
        <details className="pg-reasoning" data-testid="pg-reasoning">
          <summary>Reasoning ({formatCount(answer.reasoning.length)} characters)</summary>
          <p>{answer.reasoning}</p>
        </details>
      )}
      {answer.content && (
        <p className="pg-content" data-testid="pg-answer-content">
          {answer.content}
        </p>
      )}
      {answer.toolCalls.map((call) => (
        <div className="pg-tool-call" key={call.id} data-testid="pg-tool-call" data-tool={call.name}>
          <div className="pg-tool-call-head">
            <span className="faint">Tool call</span> <strong className="mono">{call.name}</strong>
            <span className="faint mono"> {call.id}</span>
          </div>
          <pre className="mono">{prettyArguments(call.arguments)}</pre>
        </div>
      ))}
      {answer.error && (
        <p className="pg-error" data-testid="pg-answer-error">
          {answer.error}
        </p>
      )}
      {f && (
        <dl className="pg-figures" data-testid="pg-figures">
          <div>
            <dt>Served by</dt>
            <dd className="mono" data-testid="pg-fig-served">
              {f.servedBy ?? '—'}
            </dd>
          </div>
          <div>
            <dt>Attempts</dt>
            <dd data-testid="pg-fig-attempts">{f.attempts ?? '—'}</dd>
          </div>
          <div>
            <dt>TTFT</dt>
            <dd data-testid="pg-fig-ttft">{f.ttftMs === null ? '—' : formatDuration(f.ttftMs)}</dd>
          </div>
          <div>
            <dt>Tokens/s</dt>
            <dd data-testid="pg-fig-tps">{f.tokensPerSecond === null ? '—' : f.tokensPerSecond.toFixed(1)}</dd>
          </div>
          <div>
            <dt>Tokens</dt>
            <dd data-testid="pg-fig-tokens">
              {f.promptTokens === null
                ? '—'
                : `${formatCount(f.promptTokens)} in · ${formatCount(f.completionTokens ?? 0)} out`}
            </dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd data-testid="pg-fig-cost">{f.costUsd === null ? '—' : formatUsd(f.costUsd)}</dd>
          </div>
          {f.requestId && (
            <div className="pg-fig-wide">
              <dt>Request</dt>
              <dd>
                <Link
                  className="mono"
                  data-testid="pg-request-link"
                  data-request-id={f.requestId}
                  to={`/logs?search=${encodeURIComponent(f.requestId)}${f.logSeq ? `&open=${f.logSeq}` : ''}`}
                >
                  {f.requestId}
                </Link>
              </dd>
            </div>
          )}
        </dl>
      )}
    </article>
  );
}
