import { TextInput, type TextInputProps } from '@mantine/core';
import type { Ref } from 'react';

/**
 * A field for an e-mail address: the phone shows its keyboard with "@", browsers offer the
 * addresses they know, and nothing capitalises or "corrects" what is typed.
 */
export function EmailInput(props: TextInputProps & { ref?: Ref<HTMLInputElement> }) {
  return (
    <TextInput
      type="email"
      inputMode="email"
      autoComplete="email"
      autoCapitalize="none"
      spellCheck={false}
      {...props}
    />
  );
}
