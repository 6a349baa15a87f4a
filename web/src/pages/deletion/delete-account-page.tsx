import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function DeleteAccountPage() {
  return <Title order={1}>Delete account</Title>;
}
