import type { Account, ChangeIdentifierRequest, IdentifierCodeSent } from '@nimbus/protocol';
import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, sendJson } from '../../api';
import { CodeSentTo } from '../../account/code-sent-to';
import { CodeStep, type CodeFailure } from '../../account/code-step';
import { describeSendFailure, sendIdentifierCode } from './send-identifier-code';

interface ConfirmIdentifierFormProps {
  request: ChangeIdentifierRequest;
  sent: IdentifierCodeSent;
  onResent: (sent: IdentifierCodeSent) => void;
  onConfirmed: (account: Account) => void;
  /** Back to step one, to correct the address or number. */
  onBack: () => void;
}

/** Step two: the 6-digit code that went to the new address or number proves it is the owner's. */
export function ConfirmIdentifierForm({ request, sent, onResent, onConfirmed, onBack }: ConfirmIdentifierFormProps) {
  const { t } = useTranslation();
  const { kind } = sent;

  function confirmFailure(failure: unknown): CodeFailure | undefined {
    if (!(failure instanceof ApiError)) return undefined;
    // Someone else verified the same address or number meanwhile.
    if (failure.code === 'conflict') return { step: t(`identifiers.${kind}.taken`) };
    // No such code: a newer one replaced it, or it never went anywhere.
    if (failure.status === 404) return { field: t('identifiers.codeEnded') };
    return undefined;
  }

  return (
    <CodeStep
      intro={<CodeSentTo destination={sent.masked} />}
      resendAfterSeconds={sent.resendAfterSeconds}
      verify={(code) =>
        sendJson<{ account: Account }>('POST', '/api/v1/account/identifiers/confirm', {
          challengeId: sent.challengeId,
          code,
        })
      }
      onVerified={({ account }) => onConfirmed(account)}
      verifyFailure={confirmFailure}
      resend={() => sendIdentifierCode(request)}
      onResent={onResent}
      resentNotice={(again) => t('verify.resent', { destination: again.masked })}
      resendFailure={(failure) => ({ step: describeSendFailure(t, kind, failure).text })}
    >
      <Text size="sm" c="dimmed">
        {t(`identifiers.${kind}.notArrived`)}
      </Text>
      <Anchor component="button" type="button" size="sm" onClick={onBack} ta="center">
        {t(`identifiers.${kind}.back`)}
      </Anchor>
    </CodeStep>
  );
}
