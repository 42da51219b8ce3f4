// Settings: network and data, appearance, master key; and the pending-restart notice.
import { useEffect } from 'react';
import { LoadState } from '../../components/LoadState';
import { Notice } from '../../components/Notice';
import { Page, PageHeader } from '../../components/PageHeader';
import { actions, useAppPick } from '../../store';
import { AppearanceCard } from './AppearanceCard';
import { MasterKeyCard } from './MasterKeyCard';
import { SettingsForm } from './SettingsForm';

export function SettingsPage() {
  const { settings, restartRequired, shell } = useAppPick((s) => ({
    settings: s.settings,
    restartRequired: s.restartRequired,
    shell: s.system.data?.shell,
  }));

  useEffect(() => {
    void actions().loadSettings();
  }, []);

  return (
    <Page testId="page-settings">
      <PageHeader
        title="Settings"
        description="Stored in this instance's database and shared by the desktop app and switchyard serve."
      />
      {restartRequired && (
        <Notice tone="warn" title="Restart required" testId="settings-restart-required">
          {shell === 'headless'
            ? 'Stop switchyard serve and start it again to listen on the new ports.'
            : 'Quit and reopen Switchyard to listen on the new ports.'}
        </Notice>
      )}
      <LoadState value={settings} onRetry={() => void actions().loadSettings()} testId="settings">
        {(data) => (
          <div className="stack">
            <SettingsForm settings={data} />
            <AppearanceCard theme={data.theme} />
            <MasterKeyCard />
          </div>
        )}
      </LoadState>
    </Page>
  );
}
