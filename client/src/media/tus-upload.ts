import fs from 'node:fs';
import { ErrorBodySchema } from '@nimbus/protocol';
import { NimbusApiError, type NimbusClient } from '../sdk.js';
import { tusPort, type TusPort, type UploadRefusal } from '../uploads/index.js';

export { UploadStoppedError } from '../uploads/index.js';

/** A failed tus request as the SDK's NimbusApiError (the API's error answer), or the network error explained. */
export function tusError(error: Error, refusal: UploadRefusal | null): Error {
  if (refusal === null) {
    const cause = 'causingError' in error && error.causingError instanceof Error ? error.causingError : error;
    return new Error(`the upload failed on the way: ${cause.message}`, { cause: error });
  }
  const parsed = ErrorBodySchema.safeParse(refusal.body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new NimbusApiError(refusal.status, code, message, details);
  }
  return new NimbusApiError(refusal.status, 'unexpected_response', `the upload server answered ${refusal.status}`);
}

/**
 * The device's side of the shared tus transfer (@nimbus/client/uploads): files read from disk in
 * slices (never whole), requests signed with the device's access token (refreshed when one expires
 * on the way), refusals as NimbusApiError (507 quota, 415 type, 422 checksum, 404 gone).
 */
export function deviceTusPort(client: NimbusClient): TusPort<string> {
  return tusPort<string>({
    endpoint: client.uploadsEndpoint(),
    open(file) {
      const input = fs.createReadStream(file);
      // tus-js-client reads slices through streams of its own; a failure of this one shows there.
      input.on('error', () => undefined);
      return { input, close: () => input.destroy() };
    },
    token: (refused) => client.deviceAccessToken(refused),
    failure: tusError,
  });
}
