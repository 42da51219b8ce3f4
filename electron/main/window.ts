// The main window: the built renderer loaded from disk (file://) with the secure web preferences
// from security.ts. Shown once painted, so it never flashes white over the dark theme.
import { BrowserWindow, nativeTheme } from 'electron';
import { pathToFileURL } from 'node:url';
import { secureWebPreferences } from './security';

export interface MainWindowOptions {
  preloadPath: string;
  /** Absolute path of out/renderer/index.html. */
  rendererFile: string;
  /** Window icon (Linux and Windows; macOS uses the app bundle's). */
  iconPath?: string;
}

/** The file:// URL the window shows, which is also the only URL trusted to call the admin API. */
export function rendererUrlOf(rendererFile: string): string {
  return pathToFileURL(rendererFile).href;
}

export function createMainWindow({ preloadPath, rendererFile, iconPath }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Switchyard',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    autoHideMenuBar: true,
    // Matches the renderer's --bg for each theme (renderer/src/styles/theme.css).
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#f6f7f9',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: secureWebPreferences(preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererFile).catch((err: unknown) => {
    console.error(`[window] could not load ${rendererFile}: ${String(err)}. Run "npm run build" first.`);
  });
  return window;
}
