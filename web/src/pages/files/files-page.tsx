import type { Folder } from '@nimbus/protocol';
import { Anchor, Breadcrumbs, Button, FileButton, Stack, Text } from '@mantine/core';
import { IconFolderOff, IconFolderPlus, IconFolders, IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api-error';
import { EmptyState, ListSkeleton, LoadError } from '../../cloud/list-states';
import { NoticeAlert, type Notice } from '../../cloud/notice';
import { CloudPageHeader } from '../../cloud/page-header';
import { describeError } from '../../errors';
import { usePageTitle } from '../../layout/page-title';
import { refreshMedia, restoreMedia, trashMedia } from '../../media/media-api';
import { StorageFullNotice } from '../../media/storage-full-notice';
import { UploadList } from '../../media/upload-list';
import { uploadQueue } from '../../media/upload-queue';
import { DeleteDialog } from './delete-dialog';
import { createFolder, entryName, updateFile, updateFolder, useFolder, type FilesEntry } from './files-api';
import { FilesList, type EntryAction } from './files-list';
import { MoveDialog } from './move-dialog';
import { NameDialog } from './name-dialog';

type Dialog = ({ kind: 'newFolder' } | { kind: EntryAction; entry: FilesEntry }) & {
  /** Where the focus goes back to when the dialog closes: the button that opened it, if it is still there. */
  returnTo: HTMLElement | null;
};

const selectionOf = (entry: FilesEntry) =>
  entry.kind === 'folder' ? { folderIds: [entry.folder.id] } : { ids: [entry.file.id] };

/** The account's folder tree: one folder at a time (in the address), with uploads, new folders and every change. */
export function FilesPage() {
  const { t } = useTranslation();
  usePageTitle(t('files.title'));
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const folderId = params.get('folder');
  const listing = useFolder(folderId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const data = listing.data;
  const here = data?.folder ?? null;
  // A folder id that is no id at all (400) is as missing as one that was deleted (404).
  const missing = listing.error instanceof ApiError && (listing.error.status === 404 || listing.error.status === 400);
  const entries: FilesEntry[] = [
    ...(data?.folders ?? []).map((folder) => ({ kind: 'folder' as const, folder })),
    ...(data?.files ?? []).map((file) => ({ kind: 'file' as const, file })),
  ];

  const closeDialog = () => {
    const returnTo = dialog?.returnTo ?? null;
    setDialog(null);
    window.setTimeout(() => {
      if (returnTo?.isConnected === true) returnTo.focus();
    }, 0);
  };

  const done = async (text: string, action?: Notice['action']) => {
    closeDialog();
    setNotice({ kind: 'done', text, ...(action === undefined ? {} : { action }) });
    await refreshMedia(queryClient);
  };

  const upload = (files: File[]) => {
    setNotice(null);
    uploadQueue.add(files, (file) => ({
      section: 'files',
      name: file.name,
      ...(folderId === null ? {} : { folderId }),
    }));
  };

  const rename = async (entry: FilesEntry, name: string) => {
    if (entry.kind === 'folder') await updateFolder(entry.folder.id, { name });
    else await updateFile(entry.file.id, { name });
    await done(t('files.renamed', { name }));
  };

  const move = async (entry: FilesEntry, target: Folder | null) => {
    const to = target?.id ?? null;
    if (entry.kind === 'folder') await updateFolder(entry.folder.id, { parentId: to });
    else await updateFile(entry.file.id, { folderId: to });
    await done(t('files.moved', { name: entryName(entry), folder: target?.name ?? t('files.root') }));
  };

  const remove = async (entry: FilesEntry) => {
    await trashMedia(selectionOf(entry));
    const name = entryName(entry);
    await done(t('files.deleted', { name }), {
      label: t('recordsCommon.undo'),
      onClick: () => {
        restoreMedia(selectionOf(entry))
          .then(() => done(t('files.restored', { name })))
          .catch((error: unknown) => setNotice({ kind: 'error', text: describeError(t, error) }));
      },
    });
  };

  // The root needs no path: the page's title says where it is.
  const crumbs = [...(data?.path ?? []), ...(here === null ? [] : [here])];

  return (
    <Stack gap="lg" maw={860}>
      <CloudPageHeader
        title={t('files.title')}
        description={t('files.description')}
        actions={
          <>
            <FileButton onChange={upload} multiple>
              {(props) => (
                <Button {...props} leftSection={<IconUpload size={18} aria-hidden="true" />} disabled={missing}>
                  {t('files.upload')}
                </Button>
              )}
            </FileButton>
            <Button
              variant="default"
              leftSection={<IconFolderPlus size={18} aria-hidden="true" />}
              onClick={(event) => setDialog({ kind: 'newFolder', returnTo: event.currentTarget })}
              disabled={missing}
            >
              {t('files.newFolder')}
            </Button>
          </>
        }
      />
      {folderId !== null && (
        <nav aria-label={t('files.breadcrumbs')}>
          <Breadcrumbs separator="›" separatorMargin={6} style={{ flexWrap: 'wrap', rowGap: 4 }}>
            <Anchor component={Link} to="/files">
              {t('files.root')}
            </Anchor>
            {crumbs.map((folder) =>
              folder.id === folderId ? (
                <Text key={folder.id} fw={600} aria-current="page" style={{ overflowWrap: 'anywhere' }}>
                  {folder.name}
                </Text>
              ) : (
                <Anchor
                  key={folder.id}
                  component={Link}
                  to={`/files?folder=${folder.id}`}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {folder.name}
                </Anchor>
              ),
            )}
          </Breadcrumbs>
        </nav>
      )}
      <StorageFullNotice />
      {notice !== null && <NoticeAlert notice={notice} onClose={() => setNotice(null)} />}
      <UploadList section="files" />
      {listing.isPending ? (
        <ListSkeleton rows={5} height={62} />
      ) : missing ? (
        <EmptyState
          icon={IconFolderOff}
          title={t('files.missingTitle')}
          text={t('files.missingText')}
          action={
            <Button component={Link} to="/files" variant="default">
              {t('files.backToRoot')}
            </Button>
          }
        />
      ) : data === undefined ? (
        <LoadError error={listing.error} onRetry={() => void listing.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState icon={IconFolders} title={t('files.emptyTitle')} text={t('files.emptyText')} />
      ) : (
        <FilesList
          entries={entries}
          busy={listing.isPlaceholderData && listing.isFetching}
          onAction={(entry, kind, returnTo) => setDialog({ kind, entry, returnTo })}
        />
      )}
      {dialog?.kind === 'newFolder' && (
        <NameDialog
          title={t('files.newFolderTitle')}
          label={t('files.folderNameLabel')}
          submitLabel={t('files.create')}
          initial=""
          onClose={closeDialog}
          onSubmit={async (name) => {
            await createFolder(name, folderId);
            await done(t('files.created', { name }));
          }}
        />
      )}
      {dialog?.kind === 'rename' && (
        <NameDialog
          title={t('files.renameTitle', { name: entryName(dialog.entry) })}
          label={t('files.nameLabel')}
          submitLabel={t('files.save')}
          initial={entryName(dialog.entry)}
          onClose={closeDialog}
          onSubmit={(name) => rename(dialog.entry, name)}
        />
      )}
      {dialog?.kind === 'move' && (
        <MoveDialog
          entry={dialog.entry}
          from={folderId}
          onClose={closeDialog}
          onMove={(target) => move(dialog.entry, target)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteDialog entry={dialog.entry} onClose={closeDialog} onDelete={() => remove(dialog.entry)} />
      )}
    </Stack>
  );
}
