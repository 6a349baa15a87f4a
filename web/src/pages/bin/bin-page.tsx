import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function RecycleBinPage() {
  return <Title order={1}>Recycle bin</Title>;
}
