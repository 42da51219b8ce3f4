// What every admin handler may use. Passed in, so handlers are testable with a real store in a
// temp dir and no shell around them.
import type { DockerStatus, Settings } from '../../../shared/schemas';
import type { ChangeNotice } from '../changes';
import type { Clock } from '../clock';
import type { EventBus } from '../events';
import type { GatewaySupervisor } from '../gateway/supervisor';
import type { SecretBox } from '../secrets';
import type { Store } from '../store';

export interface CoreContext {
  store: Store;
  events: EventBus;
  /** Where every write the gateway or the UI must hear of is announced (reload + push event). */
  changes: ChangeNotice;
  clock: Clock;
  gateway: GatewaySupervisor;
  secrets: SecretBox;
  dataDir: string;
  shell: 'desktop' | 'headless';
  /** Probes the local Docker engine; `fresh` skips the short cache. */
  docker(fresh?: boolean): Promise<DockerStatus>;
  /** Applies changed ports to the running servers where possible; true when a restart is needed. */
  applySettings(before: Settings, after: Settings): boolean;
}
