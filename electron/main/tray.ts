// The tray icon: the gateway's state at a glance (it keeps serving while the window is closed on
// macOS), with Open and Quit. The label follows the core's gateway.status event.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { GatewayStatus } from '../../shared/schemas';

export interface TrayActions {
  open(): void;
  quit(): void;
}

const MAX_REASON_CHARS = 80;

/** One line a person can read in a menu: what the gateway is doing and where. */
export function gatewayStatusLine(status: GatewayStatus): string {
  switch (status.state) {
    case 'up':
      return `Gateway running at ${status.url}`;
    case 'starting':
      return `Gateway starting on ${status.url}…`;
    case 'restarting':
      return `Gateway restarting (restart ${status.restarts})…`;
    case 'stopped':
      return 'Gateway stopped';
    case 'failed': {
      const reason = status.lastExit ?? 'see the log';
      return `Gateway failed: ${reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason}`;
    }
  }
}

export function trayMenuTemplate(status: GatewayStatus, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'gateway-status', label: gatewayStatusLine(status), enabled: false },
    { type: 'separator' },
    { id: 'open', label: 'Open Switchyard', click: () => actions.open() },
    { id: 'quit', label: 'Quit Switchyard', click: () => actions.quit() },
  ];
}

/** macOS wants a monochrome template image (it recolours it for light and dark menu bars). */
export function trayIconPath(iconsDir: string, platform: NodeJS.Platform = process.platform): string {
  return join(iconsDir, platform === 'darwin' ? 'trayTemplate.png' : 'tray.png');
}

export class StatusTray {
  private readonly tray: Tray;

  constructor(
    iconsDir: string,
    status: GatewayStatus,
    private readonly actions: TrayActions,
  ) {
    // createFromPath picks up tray@2x.png beside tray.png on high-DPI screens.
    this.tray = new Tray(nativeImage.createFromPath(trayIconPath(iconsDir)));
    // Windows convention: left click opens the window, right click the menu. Elsewhere a click
    // shows the menu, which already has Open.
    if (process.platform === 'win32') this.tray.on('click', () => actions.open());
    this.update(status);
  }

  update(status: GatewayStatus): void {
    this.tray.setToolTip(`Switchyard — ${gatewayStatusLine(status)}`);
    // Linux (AppIndicator) only picks up a changed menu when it is set again.
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(status, this.actions)));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
