import type { Category } from '@nimbus/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../errors';
import type { Notice } from './notice';
import { deleteRecord, restoreRecord, type RecordOf } from './records-api';
import { noteSaved, refreshCategory } from './use-record';

/** What the notice says after each change, naming the record in the page's own words. */
export interface ChangeTexts<C extends Category> {
  saved: (record: RecordOf<C>) => string;
  deleted: (record: RecordOf<C>) => string;
  restored: (record: RecordOf<C>) => string;
}

/**
 * Saving and deleting a page's records, each confirmed in a notice; a deletion's notice offers
 * "Undo", which brings the record back from the bin and opens it again.
 */
export function useRecordChanges<C extends Category>(
  category: C,
  open: (id: string | null, replace?: boolean) => Promise<void> | void,
  texts: ChangeTexts<C>,
) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);

  const restore = useMutation({
    mutationFn: (record: RecordOf<C>) => restoreRecord(category, record.id),
    onSuccess: async (record) => {
      setNotice({ kind: 'done', text: texts.restored(record) });
      await refreshCategory(queryClient, category);
      await open(record.id);
    },
    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
  });

  const remove = useMutation({
    mutationFn: (record: RecordOf<C>) => deleteRecord(category, record.id),
    onSuccess: async (_nothing, record) => {
      setNotice({
        kind: 'done',
        text: texts.deleted(record),
        action: { label: t('recordsCommon.undo'), onClick: () => restore.mutate(record) },
      });
      await open(null, true);
      await refreshCategory(queryClient, category);
    },
    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
  });

  /** After a save, or after choosing the server's copy over an edit ("theirs"). */
  const saved = async (record: RecordOf<C>, theirs = false) => {
    setNotice({ kind: 'done', text: theirs ? t('recordsCommon.keptTheirs') : texts.saved(record) });
    // The saved copy goes into the cache first, so the record opens without reading it again.
    const refreshing = noteSaved(queryClient, record);
    await open(record.id, true);
    await refreshing;
  };

  return {
    /** The notice to show, its "Undo" spinning while the restore runs. */
    notice:
      notice?.action === undefined ? notice : { ...notice, action: { ...notice.action, pending: restore.isPending } },
    dismiss: () => setNotice(null),
    saved: (record: RecordOf<C>, theirs?: boolean) => void saved(record, theirs),
    remove: (record: RecordOf<C>) => {
      setNotice(null);
      remove.mutate(record);
    },
    deleting: remove.isPending,
  };
}
