export type AccountStatus = 'pending' | 'active' | 'deleting';
export type IdentifierKind = 'email' | 'phone';
export type VerificationPurpose =
  | 'activation'
  | 'new_device'
  | 'phone_signup'
  | 'phone_password'
  | 'account_deletion'
  | 'password_reset'
  | 'contact_change';
export type SessionKind = 'web' | 'device';
export type SecurityEventType =
  | 'account_created'
  | 'account_activated'
  | 'signed_in'
  | 'new_device_verified'
  | 'sign_in_failed'
  | 'account_locked'
  | 'signed_out'
  | 'session_revoked'
  | 'refresh_token_reused'
  | 'deletion_requested'
  | 'deletion_cancelled'
  | 'password_changed'
  | 'password_recovered'
  | 'email_changed'
  | 'phone_changed'
  | 'contact_added';

export interface AccountsTable {
  id: string;
  /** The public 10-digit account number, usable to sign in. */
  number: string;
  status: AccountStatus;
  password_hash: string | null;
  display_name: string | null;
  region: string;
  locale: string;
  /** YYYY-MM-DD */
  birth_date: string;
  marketing_opt_in: number;
  failed_sign_ins: number;
  locked_until: number | null;
  deletion_due_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface AccountIdentifiersTable {
  id: string;
  account_id: string;
  kind: IdentifierKind;
  /** Lower-cased e-mail address or E.164 phone number. */
  value: string;
  verified_at: number | null;
  created_at: number;
}

export interface VerificationsTable {
  id: string;
  account_id: string;
  purpose: VerificationPurpose;
  channel: IdentifierKind;
  target: string;
  /** SHA-256 of a link token, or an HMAC of a 6-digit code: never the secret itself. */
  secret_hash: string;
  attempts: number;
  /** JSON of what the verification is about, e.g. the session a new-device code will open. */
  data: string | null;
  expires_at: number;
  consumed_at: number | null;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  kind: SessionKind;
  token_hash: string;
  user_agent: string | null;
  ip: string | null;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** Device sessions: when the current access token (token_hash) stops working. */
  access_expires_at: number | null;
  /** The remembered browser or device this session came in with: forgotten when the session is revoked. */
  trusted_browser_id: string | null;
}

export interface RefreshTokensTable {
  id: string;
  session_id: string;
  token_hash: string;
  created_at: number;
  /** Set when exchanged: a second use is a stolen token, and ends the whole session. */
  used_at: number | null;
  expires_at: number;
}

/** A browser (its nimbus_browser cookie) or device (its deviceToken) that signs in without a new-device code. */
export interface TrustedBrowsersTable {
  id: string;
  account_id: string;
  token_hash: string;
  user_agent: string | null;
  created_at: number;
  /** Sliding expiry: a browser unused for REMEMBERED_TTL_MS is forgotten. */
  last_used_at: number;
}

export interface SecurityEventsTable {
  id: string;
  account_id: string;
  type: SecurityEventType;
  ip: string | null;
  user_agent: string | null;
  details: string | null;
  created_at: number;
}

/** Per account: the new-device codes sent and wrong codes typed in the current 24-hour window. */
export interface SignInGuardsTable {
  account_id: string;
  window_started_at: number;
  codes_sent: number;
  wrong_codes: number;
  /** When the owner was last mailed about failed sign-ins: at most once a day. */
  alerted_at: number | null;
}

/** Wrong passwords by login as typed (normalised), known or not; forgotten after a quiet day. */
export interface SignInFailuresTable {
  /** HMAC of the login as typed (normalised) under the server secret. */
  login_key: string;
  failures: number;
  last_failed_at: number;
}

/** The tables of this module, by name: added to core's Tables wherever this file is compiled. */
export interface AccountsTables {
  accounts: AccountsTable;
  account_identifiers: AccountIdentifiersTable;
  verifications: VerificationsTable;
  sessions: SessionsTable;
  trusted_browsers: TrustedBrowsersTable;
  refresh_tokens: RefreshTokensTable;
  security_events: SecurityEventsTable;
  sign_in_guards: SignInGuardsTable;
  sign_in_failures: SignInFailuresTable;
}

declare module '../../core/db/tables.js' {
  interface Tables extends AccountsTables {}
}
