import type { PasswordInputProps } from '@mantine/core';
import type { Ref } from 'react';
import { PasswordField } from './password-field';
import { PasswordRules } from './password-rules';

interface NewPasswordInputProps extends Omit<PasswordInputProps, 'value' | 'onChange' | 'description'> {
  ref?: Ref<HTMLInputElement>;
  value: string;
  onValueChange: (value: string) => void;
  /** After a first submit, rules not met are shown as problems rather than hints. */
  showUnmet: boolean;
}

/** A new password with its rules checked live under it: sign-up, recovery and password change. */
export function NewPasswordInput({ value, onValueChange, showUnmet, ...props }: NewPasswordInputProps) {
  return (
    <PasswordField
      autoComplete="new-password"
      value={value}
      onChange={(event) => onValueChange(event.currentTarget.value)}
      description={<PasswordRules password={value} showUnmet={showUnmet} />}
      inputWrapperOrder={['label', 'input', 'error', 'description']}
      {...props}
    />
  );
}
