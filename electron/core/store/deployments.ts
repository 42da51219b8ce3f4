// Deployments: desired state of each engine (the spec) and its last known lifecycle state.
import type Database from 'better-sqlite3';
import type { Deployment } from '../../../shared/schemas';

type DeploymentRow = {
  id: string; name: string; host_id: string; model: string; served_model_name: string; image: string;
  state: Deployment['state']; state_reason: string | null; port: number | null; created_at: number;
};

const toDeployment = (r: DeploymentRow): Deployment => ({
  id: r.id, name: r.name, hostId: r.host_id, model: r.model, servedModelName: r.served_model_name, image: r.image,
  state: r.state, stateReason: r.state_reason, port: r.port, createdAt: new Date(r.created_at).toISOString(),
});

export class DeploymentsRepo {
  constructor(private readonly db: Database.Database) {}

  list(): Deployment[] {
    return (this.db.prepare(`SELECT * FROM deployments ORDER BY created_at, name`).all() as DeploymentRow[]).map(toDeployment);
  }

  count(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM deployments`).get() as { n: number }).n;
  }
}
