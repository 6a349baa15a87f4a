import type { Account } from '@nimbus/protocol';
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Fact } from '../../layout/fact';
import { AccountNumber } from '../../account/account-number';
import { displayIdentifier } from '../../account/display-identifier';
import { regionName } from '../../account/regions';
import { useSignedIn } from '../../account/require-session';
import { VerifiedBadge } from '../../account/verified-badge';
import { useDateTimeFormat } from '../../format';
import { LANGUAGE_NAMES } from '../../i18n';
import { usePageTitle } from '../../layout/page-title';
import { accountName } from '../../session';
import { DeletionNotice } from '../deletion/deletion-notice';
import { SettingsLinks } from './settings-links';

function Identifiers({ account, kind }: { account: Account; kind: 'email' | 'phone' }) {
  const { t } = useTranslation();
  const identifiers = account.identifiers.filter((identifier) => identifier.kind === kind);
  if (identifiers.length === 0) {
    return (
      <Text span c="dimmed" fw={400}>
        {t('account.none')}
      </Text>
    );
  }
  return (
    <Stack gap={6} component="span">
      {identifiers.map((identifier) => (
        <Group key={identifier.value} gap="xs" component="span" wrap="wrap">
          <span dir="ltr">{displayIdentifier(kind, identifier.value)}</span>
          <VerifiedBadge verified={identifier.verified} />
        </Group>
      ))}
    </Stack>
  );
}

/** Everything the account is, at a glance. */
export function AccountPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('account.title'));
  const { account } = useSignedIn();
  const language = i18n.resolvedLanguage ?? 'en';
  const formatDay = useDateTimeFormat({ dateStyle: 'long', timeZone: 'UTC' });
  const formatDate = useDateTimeFormat({ dateStyle: 'long' });
  return (
    <Stack gap="xl" maw={760}>
      <div>
        <Title order={1}>{t('account.title')}</Title>
        <Text c="dimmed" mt={6} style={{ overflowWrap: 'anywhere' }}>
          {t('account.greeting', { name: accountName(account) })}
        </Text>
      </div>
      <DeletionNotice account={account} />
      <AccountNumber number={account.number} />
      <Card component="section" aria-labelledby="account-details">
        <Title order={2} size="h4" id="account-details" mb="sm">
          {t('account.details')}
        </Title>
        <dl className="facts">
          <Fact label={t('account.email')}>
            <Identifiers account={account} kind="email" />
          </Fact>
          <Fact label={t('account.phone')}>
            <Identifiers account={account} kind="phone" />
          </Fact>
          <Fact label={t('account.region')}>{regionName(account.region, language)}</Fact>
          <Fact label={t('account.language')}>
            <span lang={account.locale}>{LANGUAGE_NAMES[account.locale]}</span>
          </Fact>
          <Fact label={t('account.birthDate')}>
            <time dateTime={account.birthDate}>{formatDay(`${account.birthDate}T00:00:00Z`)}</time>
          </Fact>
          <Fact label={t('account.memberSince')}>
            <time dateTime={account.createdAt}>{formatDate(account.createdAt)}</time>
          </Fact>
        </dl>
      </Card>
      <SettingsLinks />
    </Stack>
  );
}
