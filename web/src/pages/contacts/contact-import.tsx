import { MAX_IMPORT_BYTES, MAX_IMPORT_CARDS, type ImportResult } from '@nimbus/protocol';
import { Alert, Button, FileButton, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileImport } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { describeError } from '../../errors';
import { importVcf } from './contact-files';

export type ImportOutcome = { kind: 'done'; result: ImportResult } | { kind: 'error'; text: string };

/** Skipped cards listed one by one, at most this many; the rest are counted. */
const SHOWN_REJECTIONS = 10;

/** The codes the server gives a card it could not take, each with its own words; others are said plainly. */
type Reason = 'invalid_vcard' | 'invalid_data' | 'unreadable';
const reasonOf = (code: string): Reason => (code === 'invalid_vcard' || code === 'invalid_data' ? code : 'unreadable');

/** Which cards were skipped and why, each by its place in the file, counted from 1 as a person counts them. */
function Rejections({ rejected }: { rejected: ImportResult['rejected'] }) {
  const { t } = useTranslation();
  const hidden = rejected.length - SHOWN_REJECTIONS;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('contacts.import.skipped', { count: rejected.length })}
      </Text>
      <List size="sm" spacing={2} data-rejections>
        {rejected.slice(0, SHOWN_REJECTIONS).map((rejection) => (
          <List.Item key={rejection.index} style={{ overflowWrap: 'anywhere' }}>
            {t(`contacts.import.reasons.${reasonOf(rejection.code)}`, { number: rejection.index + 1 })}
          </List.Item>
        ))}
      </List>
      {hidden > 0 && <Text size="sm">{t('contacts.import.moreSkipped', { count: hidden })}</Text>}
    </Stack>
  );
}

class FileTooLarge extends Error {}

/** A limit the server named in a 413's details, or the one the portal knows when it named none. */
function limitOf(error: unknown, key: 'limitBytes' | 'limitCards', known: number): number {
  const limit = error instanceof ApiError ? error.details[key] : undefined;
  return typeof limit === 'number' && limit > 0 ? limit : known;
}

/**
 * Why a file was too large, or null when it was not: too many cards (the server counts them, its 413
 * names limitCards) or too many bytes (checked here before sending, and by the server's body limit).
 */
function tooLargeText(t: TFunction, error: unknown): string | null {
  if (error instanceof ApiError && error.code === 'payload_too_large' && 'limitCards' in error.details) {
    return t('contacts.import.tooManyCards', { count: limitOf(error, 'limitCards', MAX_IMPORT_CARDS) });
  }
  if (error instanceof FileTooLarge || (error instanceof ApiError && error.code === 'payload_too_large')) {
    const megabytes = limitOf(error, 'limitBytes', MAX_IMPORT_BYTES) / (1024 * 1024);
    return t('contacts.import.tooLarge', { megabytes: Math.floor(megabytes * 10) / 10 });
  }
  return null;
}

/** "Import .vcf": picks a file and sends it; each card in it becomes a contact. */
export function ImportButton({ onDone }: { onDone: (outcome: ImportOutcome) => void }) {
  const { t } = useTranslation();
  const upload = useMutation({
    mutationFn: async (file: File) => {
      if (file.size > MAX_IMPORT_BYTES) throw new FileTooLarge();
      return importVcf(await file.text());
    },
    onSuccess: (result) => onDone({ kind: 'done', result }),
    onError: (error) => {
      let text = tooLargeText(t, error);
      if (text === null) {
        const unreadable =
          error instanceof ApiError && (error.code === 'unprocessable' || error.code === 'validation_failed');
        text = unreadable ? t('contacts.import.notVcard') : describeError(t, error);
      }
      onDone({ kind: 'error', text });
    },
  });
  return (
    <FileButton
      accept=".vcf,text/vcard,text/x-vcard"
      onChange={(file) => {
        if (file !== null) upload.mutate(file);
      }}
    >
      {(props) => (
        <Button
          {...props}
          variant="default"
          loading={upload.isPending}
          leftSection={<IconFileImport size={16} aria-hidden="true" />}
        >
          {t('contacts.import.button')}
        </Button>
      )}
    </FileButton>
  );
}

/** What an import did: how many contacts came in, and which cards could not be read and why. */
export function ImportSummary({ outcome, onClose }: { outcome: ImportOutcome; onClose: () => void }) {
  const { t } = useTranslation();
  if (outcome.kind === 'error') {
    return (
      <Alert
        role="alert"
        color="red"
        icon={<IconAlertTriangle aria-hidden="true" />}
        title={t('contacts.import.failed')}
        withCloseButton
        closeButtonLabel={t('recordsCommon.dismiss')}
        onClose={onClose}
      >
        {outcome.text}
      </Alert>
    );
  }
  const { imported, rejected } = outcome.result;
  const partly = rejected.length > 0;
  return (
    <Alert
      role="status"
      color={partly ? 'orange' : 'teal'}
      icon={partly ? <IconAlertTriangle aria-hidden="true" /> : <IconCircleCheck aria-hidden="true" />}
      title={t('contacts.import.imported', { count: imported })}
      withCloseButton
      closeButtonLabel={t('recordsCommon.dismiss')}
      onClose={onClose}
    >
      {partly && <Rejections rejected={rejected} />}
    </Alert>
  );
}
