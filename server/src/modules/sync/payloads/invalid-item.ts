/**
 * One record's content is wrong (a malformed vCard, data that fails its schema). A push reports it
 * for that item alone; the portal's single-record calls answer it as 422.
 */
export class InvalidItem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidItem';
  }
}

export const invalidItem = (code: string, message: string) => new InvalidItem(code, message);
