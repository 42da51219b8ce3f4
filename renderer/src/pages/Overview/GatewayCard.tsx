// The gateway process: state, address, pid, restarts, uptime and the last exit if it crashed.
import { Badge } from '../../components/Status';
import { Card } from '../../components/Card';
import { Facts } from '../../components/Facts';
import { RoutingIcon } from '../../components/icons';
import { useNow } from '../../components/use-now';
import { formatCount, formatRelative } from '../../lib/format';
import { gatewayStateLabel, gatewayTone } from '../../lib/status';
import type { GatewayStatus } from '../../lib/types';

export function GatewayCard({ gateway }: { gateway: GatewayStatus }) {
  const now = useNow();
  return (
    <Card
      title="Gateway"
      subtitle="The OpenAI-compatible endpoint, in its own process"
      icon={<RoutingIcon />}
      testId="overview-gateway"
      actions={
        <Badge tone={gatewayTone(gateway.state)} testId="overview-gateway-state">
          {gatewayStateLabel(gateway.state)}
        </Badge>
      }
    >
      <Facts
        items={[
          { label: 'URL', value: gateway.url, mono: true, testId: 'overview-gateway-url' },
          {
            label: gateway.state === 'up' ? 'Up since' : 'State since',
            value: <span title={gateway.since}>{formatRelative(gateway.since, now)}</span>,
            testId: 'overview-gateway-since',
          },
          { label: 'Process id', value: gateway.pid ?? '—', mono: true, testId: 'overview-gateway-pid' },
          { label: 'Restarts', value: formatCount(gateway.restarts), testId: 'overview-gateway-restarts' },
          ...(gateway.lastExit
            ? [{ label: 'Last exit', value: gateway.lastExit, testId: 'overview-gateway-last-exit' }]
            : []),
        ]}
      />
    </Card>
  );
}
