import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function DevicesPage() {
  return <Title order={1}>Devices</Title>;
}
