import type { Category, SyncRecord } from '@nimbus/protocol';
import { Alert, Stack, Tabs } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { BIN_DAYS } from '../../cloud/bin-days';
import { NoticeAlert, type Notice } from '../../cloud/notice';
import { CloudPageHeader } from '../../cloud/page-header';
import { restoreRecord } from '../../cloud/records-api';
import { refreshCategory } from '../../cloud/use-record';
import { describeError } from '../../errors';
import { useDateTimeFormat } from '../../format';
import { usePageTitle } from '../../layout/page-title';
import { BinList } from './bin-list';
import { binEntry } from './bin-entry';
import { MEDIA_TABS, useMediaBin, type MediaTab } from './media-bin-api';
import { MediaBinList } from './media-bin-list';

/** The categories in the order of the navigation. */
const CATEGORIES = ['contacts', 'messages', 'calls', 'calendar', 'notes'] as const satisfies readonly Category[];

type BinTab = Category | MediaTab;

const isCategory = (value: string | null): value is Category => CATEGORIES.some((category) => category === value);
const isMediaTab = (value: string | null): value is MediaTab => MEDIA_TABS.some((tab) => tab === value);
const isTab = (value: string | null): value is BinTab => isCategory(value) || isMediaTab(value);

/**
 * What was deleted, in the portal or on a phone, category by category: each record with when it
 * was deleted and a way to bring it back, for BIN_DAYS days.
 */
export function RecycleBinPage() {
  const { t } = useTranslation();
  usePageTitle(t('bin.title'));
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const asked = params.get('category');
  const category: BinTab = isTab(asked) ? asked : 'contacts';
  const mediaBin = useMediaBin();
  const mediaDays = mediaBin.data?.retentionDays ?? BIN_DAYS;
  const [notice, setNotice] = useState<Notice | null>(null);
  const dateTime = useDateTimeFormat();
  const day = useDateTimeFormat({ dateStyle: 'medium', timeZone: 'UTC' });
  const names: Record<BinTab, string> = {
    contacts: t('nav.contacts'),
    messages: t('nav.messages'),
    calls: t('nav.calls'),
    calendar: t('nav.calendar'),
    notes: t('nav.notes'),
    gallery: t('mediaBin.tabs.gallery'),
    recordings: t('mediaBin.tabs.recordings'),
    files: t('mediaBin.tabs.files'),
  };

  const restore = useMutation({
    mutationFn: (record: SyncRecord) => restoreRecord(record.category, record.id),
    onSuccess: async (record) => {
      const { title } = binEntry(t, record, { dateTime, day });
      setNotice({ kind: 'done', text: t('bin.restored', { name: title, category: names[record.category] }) });
      await refreshCategory(queryClient, record.category);
    },
    onError: (error, record) => {
      const { title } = binEntry(t, record, { dateTime, day });
      setNotice({ kind: 'error', text: t('bin.restoreFailed', { name: title, reason: describeError(t, error) }) });
      // A record purged or restored elsewhere meanwhile leaves the list.
      void refreshCategory(queryClient, record.category);
    },
  });

  return (
    <Stack gap="lg" maw={860}>
      <CloudPageHeader title={t('bin.title')} description={t('bin.description')} />
      <Alert color="nimbus" icon={<IconClockHour4 aria-hidden="true" />}>
        {isMediaTab(category) ? t('mediaBin.kept', { count: mediaDays }) : t('bin.kept', { count: BIN_DAYS })}
      </Alert>
      {notice !== null && <NoticeAlert notice={notice} onClose={() => setNotice(null)} />}
      <Tabs
        value={category}
        onChange={(value) => {
          if (!isTab(value)) return;
          setNotice(null);
          setParams({ category: value }, { replace: true });
        }}
        keepMounted={false}
        variant="pills"
      >
        <Tabs.List mb="md">
          {[...CATEGORIES, ...MEDIA_TABS].map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {names[tab]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {MEDIA_TABS.map((tab) => (
          <Tabs.Panel key={tab} value={tab}>
            <MediaBinList tab={tab} name={names[tab]} onNotice={setNotice} />
          </Tabs.Panel>
        ))}
        {CATEGORIES.map((tab) => (
          <Tabs.Panel key={tab} value={tab}>
            <BinList
              category={tab}
              name={names[tab]}
              onRestore={(record) => {
                setNotice(null);
                restore.mutate(record);
              }}
              restoring={restore.isPending ? restore.variables.id : null}
            />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
