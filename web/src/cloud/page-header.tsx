import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface CloudPageHeaderProps {
  title: string;
  description: string;
  /** Buttons for the whole page (new, import, export); they wrap below the title on a phone. */
  actions?: ReactNode;
}

/** The top of a cloud page: its title, what it holds, and what can be done with all of it. */
export function CloudPageHeader({ title, description, actions }: CloudPageHeaderProps) {
  return (
    <Group justify="space-between" align="flex-end" gap="md">
      <Stack gap={6} style={{ flex: '1 1 280px', minWidth: 0 }}>
        <Title order={1}>{title}</Title>
        <Text c="dimmed">{description}</Text>
      </Stack>
      {actions !== undefined && (
        <Group gap="sm" wrap="wrap">
          {actions}
        </Group>
      )}
    </Group>
  );
}
