// Renderer entry. The API client is imported (through App → store) before anything renders, so
// the headless admin token has already been read from, and removed from, the URL fragment by the
// time the HashRouter looks at it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyTheme, resolveTheme, systemPrefersDark } from './lib/theme';
import './styles/theme.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/feedback.css';
import './styles/layout.css';
import './styles/content.css';
import './styles/deploy.css';
import './styles/deployments.css';
import './styles/dashboards.css';
import './styles/access.css';

// Paint in the OS theme straight away; the saved preference follows once settings load.
applyTheme(resolveTheme('system', systemPrefersDark()));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
