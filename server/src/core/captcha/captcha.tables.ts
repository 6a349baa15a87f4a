/** One solved ALTCHA challenge, kept until it expires so that its solution is accepted only once. */
export interface CaptchaRedemptionsTable {
  /** SHA-256 hex of the challenge's signature (which is unique per challenge). */
  signature_hash: string;
  /** Epoch ms: the challenge's own expiry; after it the row can go. */
  expires_at: number;
}

/** One image challenge shown to someone. The answer itself is never stored, only its keyed hash. */
export interface CaptchaImagesTable {
  id: string;
  /** HMAC-SHA-256 hex of the id and the lower-cased answer, under a key derived from the server secret. */
  answer_hash: string;
  expires_at: number;
  /** 0 until someone answers, right or wrong; then 1, and it accepts nothing more. */
  used: number;
}
