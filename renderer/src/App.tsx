// The app shell: sidebar + routed page, the theme, and the live-update subscriptions.
import { useEffect } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import { api } from './api/client';
import { AuthRequired } from './components/AuthRequired';
import { BudgetBanner } from './components/BudgetBanner';
import { Sidebar } from './components/Sidebar';
import { useThemeSync } from './components/use-theme-sync';
import { ConnectPage } from './pages/Connect/ConnectPage';
import { DeployPage } from './pages/Deploy/DeployPage';
import { DeploymentsPage } from './pages/Deployments/DeploymentsPage';
import { HostsPage } from './pages/Hosts/HostsPage';
import { KeysPage } from './pages/Keys/KeysPage';
import { LogsPage } from './pages/Logs/LogsPage';
import { OverviewPage } from './pages/Overview/OverviewPage';
import { PerformancePage } from './pages/Performance/PerformancePage';
import { PlaygroundPage } from './pages/Playground/PlaygroundPage';
import { ProvidersPage } from './pages/Providers/ProvidersPage';
import { RoutingPage } from './pages/Routing/RoutingPage';
import { SettingsPage } from './pages/Settings/SettingsPage';
import { SpendPage } from './pages/Spend/SpendPage';
import { actions, useAppPick, useAppStore } from './store';
import { connectLiveUpdates } from './store/live-updates';

export function App() {
  useThemeSync();
  const { errorCode, error } = useAppPick((s) => ({ errorCode: s.system.errorCode, error: s.system.error }));

  useEffect(() => {
    void actions().loadSystem();
    void actions().loadSettings();
    return connectLiveUpdates(api, useAppStore);
  }, []);

  if (errorCode === 'unauthorized') return <AuthRequired message={error ?? 'The admin API refused this page.'} />;

  return (
    <HashRouter>
      <div className="app">
        <Sidebar />
        <main className="main">
          <BudgetBanner />
          <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/deploy" element={<DeployPage />} />
            <Route path="/deployments" element={<DeploymentsPage />} />
            <Route path="/routing" element={<RoutingPage />} />
            <Route path="/providers" element={<ProvidersPage />} />
            <Route path="/keys" element={<KeysPage />} />
            <Route path="/connect" element={<ConnectPage />} />
            <Route path="/spend" element={<SpendPage />} />
            <Route path="/performance" element={<PerformancePage />} />
            <Route path="/logs" element={<LogsPage />} />
            <Route path="/playground" element={<PlaygroundPage />} />
            <Route path="/hosts" element={<HostsPage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </main>
      </div>
    </HashRouter>
  );
}
