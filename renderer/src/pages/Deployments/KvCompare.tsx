// The fit estimate beside what vLLM logged when it started: a small two-column table.
import type { KvRow } from './kv-view';

export function KvCompare({ rows, gpuLabel, testId }: { rows: KvRow[]; gpuLabel: string | null; testId: string }) {
  return (
    <div className="kv-compare" data-testid={testId}>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>KV cache</th>
            <th
              className="num"
              title={gpuLabel ? `Estimated on the Deploy page for ${gpuLabel}` : 'No estimate was made in this window'}
            >
              Predicted
            </th>
            <th className="num">vLLM logged</th>
            <th className="num" aria-label="Difference" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td className="muted">{r.label}</td>
              <td className="num" data-testid={`${testId}-predicted-${r.key}`}>
                {r.predicted}
              </td>
              <td className="num" data-testid={`${testId}-logged-${r.key}`}>
                {r.logged}
              </td>
              <td className="num faint small">{r.delta ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {gpuLabel && <p className="faint small">Predicted for {gpuLabel}.</p>}
    </div>
  );
}
