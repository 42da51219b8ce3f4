// The preload of every Switchyard window. It runs sandboxed with context isolation, so it is
// bundled into one file that requires nothing but 'electron', and exposes exactly the contract
// (see bridge.ts) as window.switchyard.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

contextBridge.exposeInMainWorld('switchyard', buildBridge(ipcRenderer));
