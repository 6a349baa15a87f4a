import type { Account, IdentifierKind } from '@nimbus/protocol';
import { Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconMail, IconPhone } from '@tabler/icons-react';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { displayIdentifier } from '../../account/display-identifier';
import { VerifiedBadge } from '../../account/verified-badge';

export type Identifier = Account['identifiers'][number];

interface IdentifierCardProps {
  kind: IdentifierKind;
  identifier: Identifier | undefined;
  /** While the account waits to be deleted, nothing about it can change. */
  disabled: boolean;
  onEdit: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}

/** One contact of the account: what it is now, whether it is verified, and the way to add or change it. */
export function IdentifierCard({ kind, identifier, disabled, onEdit, buttonRef }: IdentifierCardProps) {
  const { t } = useTranslation();
  const headingId = `contact-${kind}`;
  const KindIcon = kind === 'email' ? IconMail : IconPhone;
  return (
    <Card component="section" aria-labelledby={headingId} data-contact={kind}>
      <Group justify="space-between" align="center" gap="md">
        <Group gap="md" wrap="nowrap" align="flex-start" style={{ flex: '1 1 280px', minWidth: 0 }}>
          <ThemeIcon size={44} radius="md" variant="light" aria-hidden="true">
            <KindIcon size={24} stroke={1.6} />
          </ThemeIcon>
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Title order={2} size="h4" id={headingId}>
              {t(`identifiers.${kind}.heading`)}
            </Title>
            {identifier === undefined ? (
              <Text c="dimmed">{t('identifiers.none')}</Text>
            ) : (
              <Group gap="xs" wrap="wrap">
                <Text fw={600} dir="ltr" style={{ overflowWrap: 'anywhere' }} data-testid={`${kind}-value`}>
                  {displayIdentifier(kind, identifier.value)}
                </Text>
                <VerifiedBadge verified={identifier.verified} />
              </Group>
            )}
            <Text size="sm" c="dimmed">
              {t(`identifiers.${kind}.purpose`)}
            </Text>
          </Stack>
        </Group>
        <Button ref={buttonRef} variant="default" onClick={onEdit} disabled={disabled}>
          {identifier === undefined ? t(`identifiers.${kind}.add`) : t(`identifiers.${kind}.change`)}
        </Button>
      </Group>
    </Card>
  );
}
