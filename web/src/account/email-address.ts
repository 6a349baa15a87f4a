/** Enough to catch a typo; the server has the last word on what an address is. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether `text` has the shape of an e-mail address: something, "@", a domain with a dot. */
export function looksLikeEmail(text: string): boolean {
  return EMAIL_SHAPE.test(text);
}
