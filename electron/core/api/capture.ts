// logs.trace and capture.*: the Logs drawer's recorded detail of a row, and the body-capture
// setting (electron/core/capture/ does the work; shared/contract-capture.ts).
import type { captureCalls } from '../../../shared/contract-capture';
import { readCaptureSettings, setKeyCapture, updateCaptureSettings } from '../capture/capture-settings';
import { logTrace } from '../capture/log-trace';
import type { CoreContext } from './context';
import type { Handlers } from './dispatch';

export function captureHandlers(ctx: CoreContext): Pick<Handlers, keyof typeof captureCalls> {
  return {
    'logs.trace': ({ seq }) => logTrace(ctx.store, seq),
    'capture.get': () => readCaptureSettings(ctx.store),
    'capture.update': (change) => updateCaptureSettings(ctx, change),
    'capture.setKey': ({ keyId, capture }) => setKeyCapture(ctx, keyId, capture),
  };
}
