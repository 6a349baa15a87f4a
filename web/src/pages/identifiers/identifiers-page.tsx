import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function IdentifiersPage() {
  return <Title order={1}>E-mail and phone</Title>;
}
