// How states read in the UI: a tone (the colour of a dot or badge) and a label, per domain state.
import type { GatewayState, LifecyclePhase } from './types';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'muted';

export function gatewayTone(state: GatewayState | undefined): Tone {
  switch (state) {
    case 'up':
      return 'ok';
    case 'starting':
    case 'restarting':
      return 'warn';
    case 'failed':
      return 'danger';
    default:
      return 'muted';
  }
}

/** "Up", "Restarting"…; "Unknown" before the first status arrives. */
export function gatewayStateLabel(state: GatewayState | undefined): string {
  return state ? state[0].toUpperCase() + state.slice(1) : 'Unknown';
}

/** The sidebar's line: "Gateway up", "Gateway restarting"… */
export function gatewayLabel(state: GatewayState | undefined): string {
  return `Gateway ${gatewayStateLabel(state).toLowerCase()}`;
}

/** Deployment states are lifecycle phases (the list's state lacks only "compiling"). */
export function deploymentTone(state: LifecyclePhase): Tone {
  switch (state) {
    case 'ready':
      return 'ok';
    case 'failed':
      return 'danger';
    case 'unreachable':
      return 'warn';
    case 'stopped':
    case 'asleep':
      return 'muted';
    default:
      return 'info';
  }
}

/** Lifecycle phases as a person reads them: "Pulling image", "Loading weights"… */
export function deploymentLabel(state: LifecyclePhase): string {
  const labels: Record<LifecyclePhase, string> = {
    pending: 'Pending',
    pulling: 'Pulling image',
    creating: 'Creating',
    starting: 'Starting',
    downloading: 'Downloading weights',
    loading: 'Loading weights',
    compiling: 'Compiling',
    ready: 'Ready',
    asleep: 'Asleep (wakes on request)',
    stopped: 'Stopped',
    failed: 'Failed',
    unreachable: 'Host unreachable',
  };
  return labels[state];
}
