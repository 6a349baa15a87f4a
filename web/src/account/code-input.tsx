import { TextInput } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

export const CODE_LENGTH = 6;

interface CodeInputProps {
  ref?: Ref<HTMLInputElement>;
  /** Where the code came from when the page says it ("Code from the SMS"); "Code" by default. */
  label?: string;
  value: string;
  onChange: (digits: string) => void;
  /** Called once the sixth digit is in, whether typed, pasted or filled in by the phone. */
  onComplete?: (digits: string) => void;
  error?: string | null;
  autoFocus?: boolean;
  /** lg where the code is the page's one field; md beside other fields of that size. */
  size?: 'md' | 'lg';
}

/**
 * The 6-digit code from a mail or SMS, the same wherever one is asked for (signing in, sign-up by
 * phone, recovery, a new e-mail or phone, deletion): digits only, spaced out, filled in by the phone.
 */
export function CodeInput({
  ref,
  label,
  value,
  onChange,
  onComplete,
  error,
  autoFocus = false,
  size = 'lg',
}: CodeInputProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      ref={ref}
      label={label ?? t('verify.code')}
      value={value}
      onChange={(event) => {
        const digits = event.currentTarget.value.replace(/\D/g, '').slice(0, CODE_LENGTH);
        onChange(digits);
        if (digits.length === CODE_LENGTH && value.length < CODE_LENGTH) onComplete?.(digits);
      }}
      error={error}
      autoComplete="one-time-code"
      inputMode="numeric"
      pattern="[0-9]*"
      maxLength={CODE_LENGTH}
      autoFocus={autoFocus}
      size={size}
      styles={{
        input: { letterSpacing: '0.4em', fontVariantNumeric: 'tabular-nums', fontWeight: 600, textAlign: 'center' },
      }}
      required
    />
  );
}
