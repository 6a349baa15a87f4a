import { Anchor, Avatar, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconMail, IconPencil, IconPhone, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BackToList } from '../../cloud/back-to-list';
import type { RecordOf } from '../../cloud/records-api';
import { useDateTimeFormat } from '../../format';
import { typeLabel } from './contact-types';

type Contact = RecordOf<'contacts'>;

/** tel: takes digits, +, and the dial codes * # , ; — spaces and dashes are only for reading. */
const telHref = (number: string) => `tel:${number.replace(/[^\d+*#,;]/g, '')}`;

interface Entry {
  value: string;
  type: string | null;
}

function EntryList({
  title,
  entries,
  href,
  icon,
  nowrap,
}: {
  title: string;
  entries: Entry[];
  href: (value: string) => string;
  icon: ReactNode;
  /** Phone numbers are not broken across lines; long addresses may be. */
  nowrap: boolean;
}) {
  const { t } = useTranslation();
  if (entries.length === 0) return null;
  return (
    <Stack gap={6} component="section" aria-label={title}>
      <Text size="sm" fw={600} c="dimmed">
        {title}
      </Text>
      <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }}>
        {entries.map((entry, index) => {
          const label = typeLabel(t, entry.type);
          return (
            <Group component="li" key={`${entry.value}-${index}`} gap="xs" wrap="nowrap" align="flex-start">
              <span style={{ flexShrink: 0, paddingTop: 3 }}>{icon}</span>
              {/* A number stays on one line; the type goes under it when there is no room beside it. */}
              <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
                <Anchor href={href(entry.value)} dir="ltr" className={nowrap ? 'cloud-nowrap' : 'cloud-anywhere'}>
                  {entry.value}
                </Anchor>
                {label !== null && (
                  <Badge variant="light" color="gray" radius="sm" tt="none">
                    {label}
                  </Badge>
                )}
              </Group>
            </Group>
          );
        })}
      </Stack>
    </Stack>
  );
}

interface ContactDetailsProps {
  contact: Contact;
  onDelete: () => void;
  deleting: boolean;
}

/** A contact as the phone has it: numbers to call, addresses to write to, the company. */
export function ContactDetails({ contact, onDelete, deleting }: ContactDetailsProps) {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat();
  const { fullName, organization, phones, emails } = contact.projection;
  return (
    <Stack gap="sm">
      <BackToList to="/contacts" label={t('contacts.back')} />
      <Card>
        <Stack gap="lg">
          <Group gap="md" wrap="nowrap" align="center">
            <Avatar name={fullName} color="initials" size={56} aria-hidden="true" />
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
                {fullName}
              </Title>
              {organization !== null && (
                <Text c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {organization}
                </Text>
              )}
            </Stack>
          </Group>
          <EntryList
            title={t('contacts.phones')}
            entries={phones}
            href={telHref}
            nowrap
            icon={<IconPhone size={18} stroke={1.6} aria-hidden="true" />}
          />
          <EntryList
            title={t('contacts.emails')}
            entries={emails}
            href={(email) => `mailto:${email}`}
            nowrap={false}
            icon={<IconMail size={18} stroke={1.6} aria-hidden="true" />}
          />
          {phones.length === 0 && emails.length === 0 && <Text c="dimmed">{t('contacts.noWays')}</Text>}
          <Text size="sm" c="dimmed">
            {t('contacts.changed')}: <time dateTime={contact.updatedAt}>{formatDateTime(contact.updatedAt)}</time>
          </Text>
          <Group gap="sm">
            <Button
              component={Link}
              to={`?contact=${encodeURIComponent(contact.id)}&edit`}
              leftSection={<IconPencil size={16} aria-hidden="true" />}
            >
              {t('contacts.edit')}
            </Button>
            <Button
              color="red"
              variant="light"
              onClick={onDelete}
              loading={deleting}
              leftSection={<IconTrash size={16} aria-hidden="true" />}
            >
              {t('contacts.delete')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
