import type { ChangeIdentifierRequest, IdentifierCodeSent, IdentifierKind } from '@nimbus/protocol';
import type { TFunction } from 'i18next';
import { ApiError, sendJson } from '../../api';
import { describeError } from '../../errors';

/** The password, then a code to the new address or number; asking again ends the earlier code. */
export function sendIdentifierCode(request: ChangeIdentifierRequest): Promise<IdentifierCodeSent> {
  return sendJson<IdentifierCodeSent>('POST', '/api/v1/account/identifiers', request);
}

export interface SendFailure {
  /** The field the failure is about, to show it there; null: about the whole form. */
  field: 'password' | 'value' | null;
  text: string;
}

/** What went wrong with asking for the code, in words, and where to show it. */
export function describeSendFailure(t: TFunction, kind: IdentifierKind, error: unknown): SendFailure {
  if (error instanceof ApiError) {
    if (error.code === 'invalid_credentials') return { field: 'password', text: t('identifiers.errors.wrongPassword') };
    if (error.code === 'validation_failed') {
      const issues = Array.isArray(error.details.issues) ? (error.details.issues as { path?: unknown }[]) : [];
      if (issues.some((issue) => issue.path === 'body.value')) {
        return { field: 'value', text: t(`identifiers.${kind}.invalid`) };
      }
      // The only rule a password can break here is its length: then it is not the right one.
      if (issues.some((issue) => issue.path === 'body.password')) {
        return { field: 'password', text: t('identifiers.errors.wrongPassword') };
      }
    }
    // The same address is refused before sending (see the form), so a conflict means the account
    // was meanwhile scheduled for deletion.
    if (error.code === 'conflict') return { field: null, text: t('identifiers.errors.deleting') };
  }
  return { field: null, text: describeError(t, error) };
}
