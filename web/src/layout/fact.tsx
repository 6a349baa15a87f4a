import { Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One labelled fact of a description list (`<dl className="facts">`): the label above, the value below. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" fw={500} m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}
