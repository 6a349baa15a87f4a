import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function CallLogPage() {
  return <Title order={1}>Call log</Title>;
}
