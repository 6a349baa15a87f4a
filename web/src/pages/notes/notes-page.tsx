import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function NotesPage() {
  return <Title order={1}>Notes</Title>;
}
