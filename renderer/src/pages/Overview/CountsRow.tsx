// One tile per kind of thing the instance holds, each linking to the page that manages it.
// (Requests are counted live by the dashboard tiles above, not here: this row loads once.)
import { Link } from 'react-router-dom';
import { formatCount } from '../../lib/format';
import type { SystemStatus } from '../../lib/types';

type CountName = keyof SystemStatus['counts'];

const tiles: { name: CountName; label: string; path: string }[] = [
  { name: 'hosts', label: 'Hosts', path: '/hosts' },
  { name: 'deployments', label: 'Deployments', path: '/deployments' },
  { name: 'modelGroups', label: 'Model groups', path: '/routing' },
  { name: 'keys', label: 'Virtual keys', path: '/keys' },
];

export function CountsRow({ counts }: { counts: SystemStatus['counts'] }) {
  return (
    <div className="stat-row" data-testid="overview-counts">
      {tiles.map((tile) => (
        <Link key={tile.name} to={tile.path} className="stat-tile" data-testid={`overview-count-${tile.name}`}>
          <span className="stat-value">{formatCount(counts[tile.name])}</span>
          <span className="stat-label">{tile.label}</span>
        </Link>
      ))}
    </div>
  );
}
