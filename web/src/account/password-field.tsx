import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

interface PasswordFieldProps extends PasswordInputProps {
  ref?: Ref<HTMLInputElement>;
}

/**
 * A password field as every form of the portal has it: the show/hide button named, and an error
 * said to screen readers too. Mantine's PasswordInput marks an error only by looks (its input gets
 * no aria-invalid, unlike TextInput's), so the field sets it from `error`.
 */
export function PasswordField({ ref, error, ...props }: PasswordFieldProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      ref={ref}
      visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
      {...props}
      error={error}
      aria-invalid={Boolean(error)}
    />
  );
}
