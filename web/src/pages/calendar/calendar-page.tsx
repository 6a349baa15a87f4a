import { Title } from '@mantine/core';

/** Placeholder while the page is being built. */
export function CalendarPage() {
  return <Title order={1}>Calendar</Title>;
}
