import { Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCalendarTime, IconCloud, IconDevices, IconId, IconMailShare, type Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { GRACE_DAYS } from './grace-period';

function Item({ icon: ItemIcon, children }: { icon: Icon; children: string }) {
  return (
    <Group component="li" gap="md" wrap="nowrap" align="flex-start">
      <ThemeIcon size={32} radius="md" variant="light" color="red.8" aria-hidden="true">
        <ItemIcon size={18} stroke={1.6} />
      </ThemeIcon>
      <Text mt={4} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

/** Before anything is confirmed: what goes with the account, and the week to change one's mind. */
export function WhatIsDeleted({ number }: { number: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Card component="section" aria-labelledby="deletion-what">
        <Title order={2} size="h4" id="deletion-what" mb="md">
          {t('deletion.what.title')}
        </Title>
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          <Item icon={IconId}>{t('deletion.what.account', { number })}</Item>
          <Item icon={IconCloud}>{t('deletion.what.data')}</Item>
          <Item icon={IconDevices}>{t('deletion.what.sessions')}</Item>
          <Item icon={IconMailShare}>{t('deletion.what.contacts')}</Item>
        </Stack>
      </Card>
      <Card component="section" aria-labelledby="deletion-grace">
        <Group gap="md" wrap="nowrap" align="flex-start">
          <ThemeIcon size={32} radius="md" variant="light" aria-hidden="true">
            <IconCalendarTime size={18} stroke={1.6} />
          </ThemeIcon>
          <Stack gap="xs" style={{ minWidth: 0 }}>
            <Title order={2} size="h4" id="deletion-grace" mt={3}>
              {t('deletion.grace.title', { count: GRACE_DAYS })}
            </Title>
            <Text>{t('deletion.grace.text', { count: GRACE_DAYS })}</Text>
          </Stack>
        </Group>
      </Card>
    </>
  );
}
