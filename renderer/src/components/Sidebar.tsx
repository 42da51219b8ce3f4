// The app's left rail: brand, one link per page, and the gateway's live status in the footer.
import { NavLink } from 'react-router-dom';
import { gatewayLabel, gatewayTone } from '../lib/status';
import { useAppPick } from '../store';
import { navItems } from '../pages/nav';
import { StatusDot } from './Status';

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <img className="brand-mark" src="./icon.svg" alt="" width={26} height={26} />
        <span className="brand-name">Switchyard</span>
      </div>
      <ul className="nav-list">
        {navItems.map((item) => (
          <li key={item.path}>
            <NavLink
              to={item.path}
              end={item.path === '/'}
              className={({ isActive }) => `nav-link${isActive ? ' is-active' : ''}`}
              data-testid={`nav-${item.id}`}
              title={item.label}
            >
              <span className="nav-icon">
                <item.Icon />
              </span>
              <span className="nav-label">{item.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
      <GatewayFooter />
    </nav>
  );
}

function GatewayFooter() {
  const { gateway, version } = useAppPick((s) => ({ gateway: s.gateway, version: s.system.data?.version }));
  const tone = gatewayTone(gateway?.state);
  return (
    <div
      className="sidebar-footer"
      data-testid="gateway-status"
      data-state={gateway?.state ?? 'unknown'}
      title={gateway ? `${gatewayLabel(gateway.state)} at ${gateway.url}` : undefined}
    >
      <StatusDot tone={tone} pulse={gateway?.state === 'starting' || gateway?.state === 'restarting'} />
      <div className="sidebar-footer-text">
        <span className="sidebar-footer-label">{gatewayLabel(gateway?.state)}</span>
        <span className="sidebar-footer-sub" title={gateway?.url}>
          {gateway ? gateway.url.replace(/^https?:\/\//, '') : 'waiting for status…'}
        </span>
      </div>
      {version && <span className="sidebar-version">v{version}</span>}
    </div>
  );
}
