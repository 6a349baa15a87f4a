import { Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';

/** On a phone, where the record took the list's place: the way back to the list. */
export function BackToList({ to, label }: { to: string; label: string }) {
  return (
    <Anchor component={Link} to={to} size="sm" fw={500} w="fit-content" hiddenFrom="md">
      <Group component="span" gap={4} wrap="nowrap">
        <IconArrowLeft size={16} stroke={1.8} aria-hidden="true" />
        {label}
      </Group>
    </Anchor>
  );
}
