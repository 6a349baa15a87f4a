import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function ProfilePage() {
  return <Title order={1}>Profile</Title>;
}
