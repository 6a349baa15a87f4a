import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function PasswordPage() {
  return <Title order={1}>Password</Title>;
}
