// Shown instead of the app when the admin API refuses us: the page was opened without the token
// that `switchyard serve` prints (or with a stale one), so nothing else could load.
import { KeyIcon } from './icons';

export function AuthRequired({ message }: { message: string }) {
  return (
    <div className="auth-screen">
      <div className="auth-card" data-testid="auth-required" role="alert">
        <div className="auth-icon">
          <KeyIcon size={26} />
        </div>
        <h1>Open Switchyard with its admin token</h1>
        <p className="muted">
          This page talks to the admin API of <code>switchyard serve</code>, which answers only with the token it
          printed at start.
        </p>
        <ol className="auth-steps">
          <li>
            Use the address <code>switchyard serve</code> printed: it ends in <code className="nowrap">#token=…</code>
          </li>
          <li>
            Lost it? The token is in <code>instance.json</code> in the data directory.
          </li>
          <li>Restarted the server? Its token changed: use the new address.</li>
        </ol>
        <p className="faint small" data-testid="auth-required-reason">
          {message}
        </p>
      </div>
    </div>
  );
}
