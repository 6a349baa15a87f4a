import type { PhoneCodeSent } from '@nimbus/protocol';
import { Alert, Anchor, Button, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconMessage2 } from '@tabler/icons-react';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError, sendJson } from '../../api';
import { AuthCard } from '../../account/auth-card';
import { AuthIcon } from '../../account/auth-icon';
import { CodeStep } from '../../account/code-step';
import { formatInternational } from '../../account/phone-numbers';

interface PhoneCodeStepProps {
  registrationId: string;
  /** E.164, as the server understood the number. */
  phone: string;
  resendAfterSeconds: number;
  onVerified: (setupToken: string) => void;
  /** Back to the form: a wrong number, or a sign-up that has ended. */
  onStartOver: () => void;
}

/** The 6-digit code from the SMS that proves the number, with "Resend code" after a cooldown. */
export function PhoneCodeStep({
  registrationId,
  phone,
  resendAfterSeconds,
  onVerified,
  onStartOver,
}: PhoneCodeStepProps) {
  const { t } = useTranslation();
  const [ended, setEnded] = useState(false);
  const shownPhone = formatInternational(phone);

  return (
    <AuthCard
      icon={<AuthIcon icon={IconMessage2} />}
      title={t('phoneCode.title')}
      footer={
        <Trans
          i18nKey="phoneCode.wrongNumber"
          components={{ change: <Anchor component="button" type="button" onClick={onStartOver} fw={600} /> }}
        />
      }
    >
      {ended ? (
        <Stack gap="md">
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {t('phoneCode.ended')}
          </Alert>
          <Button size="md" fullWidth onClick={onStartOver}>
            {t('phoneCode.startOver')}
          </Button>
        </Stack>
      ) : (
        <CodeStep
          intro={
            <Text>
              <Trans
                i18nKey="phoneCode.sentTo"
                values={{ phone: shownPhone }}
                components={{ number: <Text span fw={700} dir="ltr" style={{ whiteSpace: 'nowrap' }} /> }}
              />
            </Text>
          }
          labels={{
            code: t('phoneCode.code'),
            submit: t('phoneCode.submit'),
            burntHint: t('phoneCode.burntHint'),
            resend: t('phoneCode.resend'),
            resendIn: (time) => t('phoneCode.resendIn', { time }),
          }}
          resendAfterSeconds={resendAfterSeconds}
          verify={(code) =>
            sendJson<{ setupToken: string }>('POST', '/api/v1/accounts/phone/verify', { registrationId, code })
          }
          onVerified={(verified) => onVerified(verified.setupToken)}
          resend={() => sendJson<PhoneCodeSent>('POST', '/api/v1/accounts/phone/resend', { registrationId })}
          resentNotice={() => t('phoneCode.resent', { phone: shownPhone })}
          resendFailure={(failure) => {
            // The registration is gone (the code was used, or the account made meanwhile): start again.
            if (!(failure instanceof ApiError && failure.code === 'code_invalid')) return undefined;
            setEnded(true);
            return 'handled';
          }}
        >
          <List size="sm" c="dimmed" spacing={4}>
            <List.Item>{t('phoneCode.validFor')}</List.Item>
            <List.Item>{t('phoneCode.noSms')}</List.Item>
          </List>
        </CodeStep>
      )}
    </AuthCard>
  );
}
