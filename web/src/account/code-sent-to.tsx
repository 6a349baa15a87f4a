import { Text } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';

/** "We sent a 6-digit code to an***@example.org. It works for 10 minutes." */
export function CodeSentTo({ destination }: { destination: string }) {
  const { t } = useTranslation();
  return (
    <Text>
      <Trans
        i18nKey="verify.sentTo"
        values={{ destination }}
        components={{ strong: <Text span fw={700} dir="ltr" style={{ overflowWrap: 'anywhere' }} /> }}
      />{' '}
      {t('verify.validFor')}
    </Text>
  );
}
