import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConflictAlertProps {
  /** What the record is now on the server, in a few lines. */
  children: ReactNode;
  onKeepTheirs: () => void;
  onKeepMine: () => void;
  saving: boolean;
}

/**
 * Someone (usually the phone) changed the record while it was being edited here: shows the copy
 * the server has and lets the person choose which one stays. Nothing is overwritten unasked.
 */
export function ConflictAlert({ children, onKeepTheirs, onKeepMine, saving }: ConflictAlertProps) {
  const { t } = useTranslation();
  return (
    <Alert
      role="alert"
      color="orange"
      icon={<IconGitMerge aria-hidden="true" />}
      title={t('recordsCommon.conflict.title')}
    >
      <Stack gap="sm">
        <Text size="sm">{t('recordsCommon.conflict.text')}</Text>
        <div>{children}</div>
        <Group gap="sm">
          <Button size="xs" variant="default" onClick={onKeepTheirs} disabled={saving}>
            {t('recordsCommon.conflict.keepTheirs')}
          </Button>
          <Button size="xs" color="orange.9" onClick={onKeepMine} loading={saving}>
            {t('recordsCommon.conflict.keepMine')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
