/**
 * @nimbus/client/uploads — how a file gets into a Nimbus account, written once for every client:
 * hash it (SHA-256), ask the server which hashes it lacks, make items from the bytes it has, and
 * send the rest over tus 1.0, continuing an unfinished upload from the server's offset.
 *
 * It lives here, a subpath of the SDK, because it is client behaviour that third-party apps reuse
 * with the SDK, not a payload schema (that is `protocol`'s, which holds no HTTP code). It imports
 * nothing of Node or the DOM (only `@nimbus/protocol` and `tus-js-client`, which picks its own
 * build per platform): the `nimbus` CLI and the portal each inject how to hash and read a file,
 * where unfinished uploads are remembered, how requests are signed and how refusals are shown.
 * The portal compiles it with the DOM library and the client with Node's, so a platform import
 * here breaks one of the two builds.
 */
export { keyValueResumeMemory, type KeyValueStore, type ResumeMemory } from './resume-memory.js';
export {
  refusalOf,
  shouldRetryUpload,
  tusPort,
  uploadMetadata,
  UploadStoppedError,
  UPLOAD_CHUNK_BYTES,
  type TusConfig,
  type TusInput,
  type TusPort,
  type TusSendOptions,
  type TusSendResult,
  type UploadRefusal,
} from './tus-port.js';
export {
  statusOf,
  uploadFiles,
  type UploadDescription,
  type UploadEnvironment,
  type UploadEvents,
  type UploadFile,
  type UploadOutcome,
} from './upload-files.js';
