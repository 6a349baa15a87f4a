import type { Folder } from '@nimbus/protocol';
import { NimbusApiError, type NimbusClient } from '../sdk.js';

/**
 * Folder paths of the files section, found or made on the server: "a/b" is the folder b inside the
 * folder a at the root. What one run learns is kept for the rest of it.
 */
export class ServerFolders {
  private readonly ids = new Map<string, Promise<string | null>>([['', Promise.resolve(null)]]);

  constructor(private readonly client: NimbusClient) {}

  /** The id of the folder at `segments` (null: the root), making every missing folder on the way. */
  resolve(segments: readonly string[]): Promise<string | null> {
    const key = segments.join('/');
    let id = this.ids.get(key);
    if (id === undefined) {
      const parentPath = segments.slice(0, -1);
      const name = segments.at(-1) ?? '';
      id = this.resolve(parentPath).then((parentId) => this.child(parentId, name));
      // A failure is not remembered: the next file asks again.
      id.catch(() => this.ids.delete(key));
      this.ids.set(key, id);
    }
    return id;
  }

  private async child(parentId: string | null, name: string): Promise<string> {
    const existing = await this.find(parentId, name);
    if (existing !== undefined) return existing.id;
    try {
      return (await this.client.createFolder(name, parentId)).id;
    } catch (error) {
      // Made meanwhile by another device: use it.
      if (!(error instanceof NimbusApiError && error.status === 409)) throw error;
      const made = await this.find(parentId, name);
      if (made === undefined) throw error;
      return made.id;
    }
  }

  private async find(parentId: string | null, name: string): Promise<Folder | undefined> {
    const listing = await this.client.filesFolder(parentId);
    return listing.folders.find((folder) => folder.name === name && folder.deletedAt === null);
  }
}
