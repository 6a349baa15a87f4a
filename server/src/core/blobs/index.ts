export * from './blob-store.js';
export * from './fs-blob-store.js';
export { withLocalFile } from './local-file.js';
