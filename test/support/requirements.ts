// Real components a suite needs (Docker engine, Chromium). On a developer's machine a missing one
// skips the suite with a line saying what is missing; under CI=true it fails the run instead.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export const CHROMIUM_PATH = process.env.SWITCHYARD_CHROMIUM ?? '/usr/bin/chromium';

/** How every browser suite starts Chromium: headless, no sandbox (root in a container), nothing fetched from outside. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function dockerProblem(): string | null {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 10_000 });
    return null;
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return `no Docker engine answers (${stderr?.split('\n')[0] || String(err)}); install docker.io and start dockerd`;
  }
}

function chromiumProblem(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH}; apt-get install chromium`;
}

/**
 * Returns true when the suite can run. Otherwise prints why and returns false (skip), or
 * throws under CI, where a missing component is a failure.
 */
function available(component: string, problem: string | null): boolean {
  if (!problem) return true;
  if (IN_CI) throw new Error(`${component} is required under CI=true: ${problem}`);
  console.warn(`[skip] ${component} suites skipped: ${problem}`);
  return false;
}

let docker: boolean | undefined;
let chromium: boolean | undefined;
export const hasDocker = () => (docker ??= available('Docker', dockerProblem()));
export const hasChromium = () => (chromium ??= available('Chromium', chromiumProblem()));
