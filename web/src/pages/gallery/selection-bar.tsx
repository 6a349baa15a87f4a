import { Button, Group, Paper, Text } from '@mantine/core';
import { IconDownload, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface SelectionBarProps {
  count: number;
  onDownload: () => void;
  onDelete: () => void;
  onClear: () => void;
  deleting: boolean;
}

/** What can be done with the selected items; it stays under the header while the grid scrolls. */
export function SelectionBar({ count, onDownload, onDelete, onClear, deleting }: SelectionBarProps) {
  const { t } = useTranslation();
  return (
    <Paper
      className="gallery-selection"
      shadow="sm"
      p="xs"
      withBorder
      role="region"
      aria-label={t('gallery.select.bar')}
    >
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="subtle"
            color="gray"
            size="compact-md"
            onClick={onClear}
            aria-label={t('gallery.select.clear')}
            px={6}
          >
            <IconX size={18} aria-hidden="true" />
          </Button>
          <Text fw={600} aria-live="polite">
            {t('gallery.select.count', { count })}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="default"
            size="sm"
            leftSection={<IconDownload size={16} aria-hidden="true" />}
            onClick={onDownload}
          >
            {t('gallery.select.download')}
          </Button>
          <Button
            color="red"
            size="sm"
            leftSection={<IconTrash size={16} aria-hidden="true" />}
            onClick={onDelete}
            loading={deleting}
          >
            {t('gallery.select.delete')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
