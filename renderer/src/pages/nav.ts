// The pages of the app, in sidebar order. `id` makes the test ids: nav-<id> and page-<id>.
import type { ComponentType } from 'react';
import {
  CodeIcon,
  DeployIcon,
  DeploymentsIcon,
  HostsIcon,
  KeyIcon,
  LogsIcon,
  OverviewIcon,
  PlayIcon,
  PerformanceIcon,
  ProvidersIcon,
  RoutingIcon,
  SettingsIcon,
  SpendIcon,
} from '../components/icons';

export interface NavItem {
  id: string;
  path: string;
  label: string;
  Icon: ComponentType;
}

export const navItems: NavItem[] = [
  { id: 'overview', path: '/', label: 'Overview', Icon: OverviewIcon },
  { id: 'deploy', path: '/deploy', label: 'Deploy', Icon: DeployIcon },
  { id: 'deployments', path: '/deployments', label: 'Deployments', Icon: DeploymentsIcon },
  { id: 'routing', path: '/routing', label: 'Routing', Icon: RoutingIcon },
  { id: 'providers', path: '/providers', label: 'Providers', Icon: ProvidersIcon },
  { id: 'keys', path: '/keys', label: 'Keys & Budgets', Icon: KeyIcon },
  { id: 'connect', path: '/connect', label: 'Connect', Icon: CodeIcon },
  { id: 'spend', path: '/spend', label: 'Spend', Icon: SpendIcon },
  { id: 'performance', path: '/performance', label: 'Performance', Icon: PerformanceIcon },
  { id: 'logs', path: '/logs', label: 'Logs', Icon: LogsIcon },
  { id: 'playground', path: '/playground', label: 'Playground', Icon: PlayIcon },
  { id: 'hosts', path: '/hosts', label: 'Hosts & GPUs', Icon: HostsIcon },
  { id: 'settings', path: '/settings', label: 'Settings', Icon: SettingsIcon },
];
