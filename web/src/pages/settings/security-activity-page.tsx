import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function SecurityActivityPage() {
  return <Title order={1}>Security activity</Title>;
}
