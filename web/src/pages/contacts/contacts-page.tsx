import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function ContactsPage() {
  return <Title order={1}>Contacts</Title>;
}
