import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function MessagesPage() {
  return <Title order={1}>Messages</Title>;
}
