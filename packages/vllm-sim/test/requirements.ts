// The Docker engine the image suite needs. On a developer's machine a missing engine skips the suite with a line
// saying so; under CI=true it fails the run instead (as the app's suites do).
import { execFileSync } from 'node:child_process';

const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

function dockerProblem(): string | null {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 10_000 });
    return null;
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return `no Docker engine answers (${stderr?.split('\n')[0] || String(err)}); install docker.io and start dockerd`;
  }
}

let docker: boolean | undefined;
/** True when the suite can run; otherwise prints why and returns false, or throws under CI. */
export function hasDocker(): boolean {
  if (docker !== undefined) return docker;
  const problem = dockerProblem();
  if (problem && IN_CI) throw new Error(`Docker is required under CI=true: ${problem}`);
  if (problem) console.warn(`[skip] Docker suites skipped: ${problem}`);
  docker = !problem;
  return docker;
}
