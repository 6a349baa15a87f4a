import type { CodeDestination } from '@nimbus/protocol';
import { Group } from '@mantine/core';
import { IconMail, IconMessage } from '@tabler/icons-react';

/** A verified e-mail or phone a code can go to, masked, with its kind's icon. */
export function DestinationLabel({ destination }: { destination: CodeDestination }) {
  const DestinationIcon = destination.kind === 'email' ? IconMail : IconMessage;
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <DestinationIcon size={16} stroke={1.6} aria-hidden="true" style={{ flexShrink: 0 }} />
      <span dir="ltr" style={{ overflowWrap: 'anywhere' }}>
        {destination.masked}
      </span>
    </Group>
  );
}
