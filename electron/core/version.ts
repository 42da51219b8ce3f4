// The app's version, from package.json at build time (esbuild/vite inline the JSON import).
import pkg from '../../package.json';

export const VERSION: string = pkg.version;
