import { Anchor } from '@mantine/core';
import { splitLinks } from './links';

/** Plain text with its http(s) addresses as real links; the text is never parsed as HTML. */
export function LinkedText({ text }: { text: string }) {
  return splitLinks(text).map((part, index) =>
    part.kind === 'link' ? (
      <Anchor key={index} href={part.href} style={{ overflowWrap: 'anywhere' }}>
        {part.href}
      </Anchor>
    ) : (
      part.text
    ),
  );
}
