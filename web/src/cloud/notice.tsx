import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export interface Notice {
  kind: 'done' | 'error';
  text: string;
  /** A way to take the action back, such as "Undo" after a deletion. */
  action?: { label: string; onClick: () => void; pending?: boolean };
}

/** Confirms what just happened (a status screen readers announce) or says what went wrong. */
export function NoticeAlert({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const { t } = useTranslation();
  const done = notice.kind === 'done';
  return (
    <Alert
      role={done ? 'status' : 'alert'}
      color={done ? 'teal' : 'red'}
      icon={done ? <IconCircleCheck aria-hidden="true" /> : <IconAlertTriangle aria-hidden="true" />}
      withCloseButton
      closeButtonLabel={t('recordsCommon.dismiss')}
      onClose={onClose}
    >
      <Group gap="sm" justify="space-between" wrap="wrap">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {notice.text}
        </Text>
        {notice.action !== undefined && (
          <Button
            size="compact-sm"
            variant="white"
            color="teal.9"
            onClick={notice.action.onClick}
            loading={notice.action.pending ?? false}
          >
            {notice.action.label}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
