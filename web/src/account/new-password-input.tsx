import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordRules } from './password-rules';

interface NewPasswordInputProps extends Omit<PasswordInputProps, 'value' | 'onChange' | 'description'> {
  value: string;
  onValueChange: (value: string) => void;
  /** After a first submit, rules not met are shown as problems rather than hints. */
  showUnmet: boolean;
}

/** A new password with its rules checked live under it: sign-up, recovery and password change. */
export const NewPasswordInput = forwardRef<HTMLInputElement, NewPasswordInputProps>(function NewPasswordInput(
  { value, onValueChange, showUnmet, ...props },
  ref,
) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      ref={ref}
      autoComplete="new-password"
      value={value}
      onChange={(event) => onValueChange(event.currentTarget.value)}
      description={<PasswordRules password={value} showUnmet={showUnmet} />}
      inputWrapperOrder={['label', 'input', 'error', 'description']}
      visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
      {...props}
    />
  );
});
