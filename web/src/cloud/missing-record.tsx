import { Alert, Anchor } from '@mantine/core';
import { IconTrashX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A record that is not there (any more): deleted on a phone, or a link to another account's. */
export function MissingRecord({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="gray" icon={<IconTrashX aria-hidden="true" />} title={t('recordsCommon.missingTitle')}>
      {text}{' '}
      <Anchor component={Link} to="/bin" inherit>
        {t('recordsCommon.openBin')}
      </Anchor>
    </Alert>
  );
}
