import type { MediaItem } from '@nimbus/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendJson } from '../../api';
import type { Notice } from '../../cloud/notice';
import { describeError } from '../../errors';
import { trashItems } from './gallery-api';
import { refreshGallery } from './use-gallery';

/**
 * Moving items to the recycle bin, with a notice that says so and takes it back ("Undo"); the
 * gallery's lists are read again after each.
 */
export function useMediaDelete() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);

  const restore = useMutation({
    mutationFn: (ids: string[]) => sendJson('POST', '/api/v1/media/bin/restore', { ids, folderIds: [] }),
    onSuccess: (_result, ids) => setNotice({ kind: 'done', text: t('gallery.delete.restored', { count: ids.length }) }),
    onError: (error) => setNotice({ kind: 'error', text: describeError(t, error) }),
    onSettled: () => refreshGallery(queryClient),
  });

  const remove = useMutation({
    mutationFn: (items: readonly MediaItem[]) => trashItems({ ids: items.map((item) => item.id), folderIds: [] }),
    onSuccess: (_result, items) => {
      const ids = items.map((item) => item.id);
      const first = items[0];
      setNotice({
        kind: 'done',
        text:
          items.length === 1 && first !== undefined
            ? t('gallery.delete.doneOne', { name: first.name })
            : t('gallery.delete.done', { count: items.length }),
        action: { label: t('recordsCommon.undo'), onClick: () => restore.mutate(ids) },
      });
    },
    onError: (error) =>
      setNotice({ kind: 'error', text: t('gallery.delete.failed', { reason: describeError(t, error) }) }),
    onSettled: () => refreshGallery(queryClient),
  });

  return { remove, notice, setNotice };
}

/** Downloads each item as its own file, one after another (browsers take a burst of clicks badly). */
export async function downloadEach(urls: readonly { href: string; name: string }[]): Promise<void> {
  for (const [index, { href, name }] of urls.entries()) {
    if (index > 0) await new Promise((resolve) => setTimeout(resolve, 600));
    const link = document.createElement('a');
    link.href = href;
    link.download = name;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  }
}
