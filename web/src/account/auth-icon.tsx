import { ThemeIcon, type MantineColor } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';

/** The big round icon at the top of an auth card: a letter sent, a link expired, and so on. */
export function AuthIcon({ icon: PageIcon, color = 'nimbus' }: { icon: Icon; color?: MantineColor }) {
  return (
    <ThemeIcon size={52} radius="xl" variant="light" color={color} aria-hidden="true">
      <PageIcon size={28} stroke={1.6} />
    </ThemeIcon>
  );
}
