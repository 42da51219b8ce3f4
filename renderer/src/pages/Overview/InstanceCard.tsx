// Where this instance keeps its data, and which build it is.
import { Card } from '../../components/Card';
import { Facts } from '../../components/Facts';
import { InfoIcon } from '../../components/icons';
import type { SystemStatus } from '../../lib/types';

export function InstanceCard({ status }: { status: SystemStatus }) {
  return (
    <Card title="This instance" subtitle="Build, shell and storage" icon={<InfoIcon />} testId="overview-instance">
      <Facts
        items={[
          { label: 'Version', value: status.version, testId: 'overview-version' },
          {
            label: 'Shell',
            value: status.shell === 'desktop' ? 'Desktop app' : 'Headless (switchyard serve)',
            testId: 'overview-shell',
          },
          { label: 'Data directory', value: status.dataDir, mono: true, testId: 'overview-data-dir' },
          { label: 'Database', value: status.databasePath, mono: true, testId: 'overview-database-path' },
          { label: 'Schema version', value: status.schemaVersion, testId: 'overview-schema-version' },
        ]}
      />
    </Card>
  );
}
