import type { SessionInfo } from '@nimbus/protocol';
import { Anchor, Radio, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, sendJson } from '../../api';
import { CodeSentTo } from '../../account/code-sent-to';
import { CodeStep, type CodeFailure } from '../../account/code-step';
import { DestinationLabel } from '../../account/destination-label';
import { storeSession } from '../../session';
import type { Verification } from './sign-in-page';

interface VerifyCodeFormProps {
  verification: Verification;
  /** Back to the password step, with the reason to show there (null: the user chose to). */
  onRestart: (reason: string | null) => void;
}

/** The second step of signing in on a new browser: the 6-digit code from the mail or SMS. */
export function VerifyCodeForm({ verification, onRestart }: VerifyCodeFormProps) {
  const { t } = useTranslation();
  const { challengeId, destinations } = verification;
  const [sentTo, setSentTo] = useState(verification.sentTo);
  const [chosen, setChosen] = useState(verification.sentTo);
  const maskedOf = (id: string) => destinations.find((destination) => destination.id === id)?.masked ?? '';

  /** No such sign-in any more (it ended, or was used): the password step again, saying why. */
  const endedOr = (failure: unknown): CodeFailure | undefined => {
    if (!(failure instanceof ApiError && failure.status === 404)) return undefined;
    onRestart(t('verify.ended'));
    return 'handled';
  };

  return (
    <CodeStep
      intro={<CodeSentTo destination={maskedOf(sentTo)} />}
      resendAfterSeconds={verification.resendAfterSeconds}
      verify={(code) => sendJson<SessionInfo>('POST', '/api/v1/sessions/verify', { challengeId, code })}
      onVerified={storeSession}
      verifyFailure={endedOr}
      resend={() =>
        sendJson<{ sentTo: string; resendAfterSeconds: number }>('POST', '/api/v1/sessions/verify/resend', {
          challengeId,
          destinationId: chosen,
        })
      }
      onResent={(sent) => setSentTo(sent.sentTo)}
      resentNotice={(sent) => t('verify.resent', { destination: maskedOf(sent.sentTo) })}
      resendFailure={endedOr}
      beforeResend={
        destinations.length > 1 && (
          <Radio.Group label={t('verify.destination')} value={chosen} onChange={setChosen}>
            <Stack gap="xs" mt={6}>
              {destinations.map((destination) => (
                <Radio
                  key={destination.id}
                  value={destination.id}
                  label={<DestinationLabel destination={destination} />}
                />
              ))}
            </Stack>
          </Radio.Group>
        )
      }
    >
      <Anchor component="button" type="button" size="sm" onClick={() => onRestart(null)} ta="center">
        {t('verify.otherAccount')}
      </Anchor>
    </CodeStep>
  );
}
