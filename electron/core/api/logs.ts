// logs.*: the Logs page's request log explorer (shared/contract-logs.ts; the work is in electron/core/logs/).
import type { Handlers } from './dispatch';
import type { CoreContext } from './context';
import type { logCalls } from '../../../shared/contract-logs';
import { logDetail, logExportPage, logPage } from '../logs/log-explorer';

export function logHandlers(ctx: CoreContext): Pick<Handlers, keyof typeof logCalls> {
  return {
    'logs.page': ({ filter, cursor, limit }) => logPage(ctx.store, filter, cursor, limit),
    'logs.get': ({ seq }) => logDetail(ctx.store, seq),
    'logs.export': ({ filter, format, cursor }) => logExportPage(ctx.store, filter, format, cursor),
  };
}
