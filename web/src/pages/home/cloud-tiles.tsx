import type { PartSummary } from '@nimbus/protocol';
import { Card, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAddressBook,
  IconCalendar,
  IconFolders,
  IconMessage,
  IconMicrophone,
  IconNotes,
  IconPhoneCall,
  IconPhoto,
  type Icon,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../cloud/list-states';
import { useDateTimeFormat } from '../../format';
import { useMediaSummary, useRecordsSummary } from './overview-api';

type Part = 'contacts' | 'messages' | 'calls' | 'calendar' | 'notes' | 'gallery' | 'recordings' | 'files';

/**
 * The parts of the cloud in the order i.mi.com's menu has them, each with its page. Find device
 * and Backup join once the server has them.
 */
const PARTS: { key: Part; to: string; icon: Icon; source: 'records' | 'media' }[] = [
  { key: 'contacts', to: '/contacts', icon: IconAddressBook, source: 'records' },
  { key: 'messages', to: '/messages', icon: IconMessage, source: 'records' },
  { key: 'calls', to: '/calls', icon: IconPhoneCall, source: 'records' },
  { key: 'calendar', to: '/calendar', icon: IconCalendar, source: 'records' },
  { key: 'notes', to: '/notes', icon: IconNotes, source: 'records' },
  { key: 'gallery', to: '/gallery', icon: IconPhoto, source: 'media' },
  { key: 'recordings', to: '/recordings', icon: IconMicrophone, source: 'media' },
  { key: 'files', to: '/files', icon: IconFolders, source: 'media' },
];

interface PartTileProps {
  part: (typeof PARTS)[number];
  summary: PartSummary | undefined;
  /** Its figures are on their way; without them and not loading, the tile is only a link. */
  loading: boolean;
}

function PartTile({ part, summary, loading }: PartTileProps) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const PartIcon = part.icon;
  return (
    <li>
      <Card component={Link} to={part.to} className="link-card part-tile" data-part={part.key} h="100%">
        <Stack gap={10}>
          <ThemeIcon size={44} radius="md" variant="light" aria-hidden="true">
            <PartIcon size={24} stroke={1.6} />
          </ThemeIcon>
          <Title order={3} size="h5">
            {t(`home.parts.${part.key}`)}
          </Title>
          {summary === undefined ? (
            loading && <Skeleton height={36} />
          ) : (
            <Stack gap={2}>
              <Text fw={600} data-count={summary.count}>
                {t(`home.counts.${part.key}`, { count: summary.count })}
              </Text>
              <Text size="sm" c="dimmed">
                {summary.lastChangeAt === null
                  ? t('home.never')
                  : t('home.lastChange', { time: formatTime(summary.lastChangeAt) })}
              </Text>
            </Stack>
          )}
        </Stack>
      </Card>
    </li>
  );
}

/** A tile per part of the cloud, each a link to its page with what it holds and when it last changed. */
export function CloudTiles() {
  const { t } = useTranslation();
  const records = useRecordsSummary();
  const media = useMediaSummary();
  const failed = records.isError ? records : media.isError ? media : null;
  const summaryOf = (part: (typeof PARTS)[number]): PartSummary | undefined =>
    part.source === 'records'
      ? records.data?.categories[part.key as keyof NonNullable<typeof records.data>['categories']]
      : media.data?.sections[part.key as keyof NonNullable<typeof media.data>['sections']];
  return (
    <Stack gap="md">
      {failed !== null && <LoadError error={failed.error} onRetry={() => void failed.refetch()} />}
      <SimpleGrid
        component="ul"
        cols={{ base: 2, sm: 3, lg: 4 }}
        spacing="md"
        aria-label={t('home.partsLabel')}
        className="plain-list"
        aria-busy={records.isPending || media.isPending}
      >
        {PARTS.map((part) => (
          <PartTile
            key={part.key}
            part={part}
            summary={summaryOf(part)}
            loading={(part.source === 'records' ? records : media).isPending}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
