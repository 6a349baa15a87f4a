import { ActionIcon, Button, CopyButton, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The account number, large and copyable: it is a login of its own. */
export function AccountNumber({ number }: { number: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" bg="gray.0">
      <Text size="sm" c="dimmed">
        {t('account.number')}
      </Text>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fz={26} fw={700} ff="monospace" data-testid="account-number" style={{ letterSpacing: '0.04em' }}>
          {number}
        </Text>
        <CopyButton value={number} timeout={2000}>
          {({ copied, copy }) => {
            const icon = copied ? (
              <IconCheck size={16} aria-hidden="true" />
            ) : (
              <IconCopy size={16} aria-hidden="true" />
            );
            const label = copied ? t('account.copied') : t('account.copyNumber');
            return (
              <Tooltip label={label} withArrow>
                <div>
                  <ActionIcon variant="subtle" size="lg" onClick={copy} aria-label={label} hiddenFrom="xs">
                    {icon}
                  </ActionIcon>
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    onClick={copy}
                    leftSection={icon}
                    aria-label={label}
                    visibleFrom="xs"
                  >
                    {copied ? t('account.copied') : t('account.copy')}
                  </Button>
                </div>
              </Tooltip>
            );
          }}
        </CopyButton>
      </Group>
    </Paper>
  );
}
