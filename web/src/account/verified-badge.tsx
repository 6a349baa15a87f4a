import { Badge } from '@mantine/core';
import { IconAlertCircle, IconRosetteDiscountCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Whether the owner has proved an e-mail address or phone number with a code: "Verified" or not. */
export function VerifiedBadge({ verified }: { verified: boolean }) {
  const { t } = useTranslation();
  const BadgeIcon = verified ? IconRosetteDiscountCheck : IconAlertCircle;
  return (
    <Badge
      // No shade: a light badge then takes its text colour from the theme (theme.ts), at AA on its tint.
      color={verified ? 'teal' : 'orange'}
      variant="light"
      radius="sm"
      tt="none"
      leftSection={<BadgeIcon size={14} aria-hidden="true" />}
      style={{ flexShrink: 0 }}
    >
      {verified ? t('account.verified') : t('account.notVerified')}
    </Badge>
  );
}
