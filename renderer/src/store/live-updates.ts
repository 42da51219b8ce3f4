// Wires push events from the core into the store. Returns one function that unsubscribes all.
import type { Api } from '../api/client';
import type { AppState } from './app-state';

export function connectLiveUpdates(api: Api, store: { getState: () => AppState }): () => void {
  const unsubscribers = [
    api.on('gateway.status', (status) => store.getState().applyGatewayStatus(status)),
    api.on('settings.changed', (settings) => store.getState().applySettings(settings)),
    api.on('deployments.changed', (deployments) => store.getState().applyDeployments(deployments)),
    api.on('deployments.progress', (progress) => store.getState().applyProgress(progress)),
    api.on('telemetry.samples', (samples) => store.getState().applySamples(samples)),
    // Every scrape round: the dashboards on screen re-query (throttled in the slice).
    api.on('telemetry.samples', () => store.getState().refreshDashboards()),
    api.on('routing.changed', () => void store.getState().onRoutingChanged()),
    api.on('keys.changed', ({ count }) => {
      store.getState().applyCount('keys', count);
      void store.getState().loadKeys();
      void store.getState().loadBudgetAlerts();
    }),
    // A key or team passed 80 % or 100 % of its budget: the banner and the Keys page catch up.
    api.on('budgets.alert', () => store.getState().applyBudgetAlert()),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
