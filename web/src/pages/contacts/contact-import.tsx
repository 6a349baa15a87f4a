import type { ImportResult } from '@nimbus/protocol';
import { Alert, Button, FileButton, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileImport } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { describeError } from '../../errors';
import { importVcf, MAX_IMPORT_BYTES } from './contact-files';

export type ImportOutcome = { kind: 'done'; result: ImportResult } | { kind: 'error'; text: string };

/** Rejected cards named by number, at most this many. */
const SHOWN_REJECTIONS = 10;

/** "2, 5, 9": the place of each card that was not taken, counted from 1 as a person counts them. */
function cardNumbers(rejected: ImportResult['rejected']): string {
  const numbers = rejected.slice(0, SHOWN_REJECTIONS).map((rejection) => String(rejection.index + 1));
  return rejected.length > SHOWN_REJECTIONS ? `${numbers.join(', ')}, …` : numbers.join(', ');
}

class FileTooLarge extends Error {}

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
      let text: string;
      if (error instanceof FileTooLarge || (error instanceof ApiError && error.code === 'payload_too_large')) {
        text = t('contacts.import.tooLarge');
      } else if (error instanceof ApiError && (error.code === 'unprocessable' || error.code === 'validation_failed')) {
        text = t('contacts.import.notVcard');
      } else text = describeError(t, error);
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
      {partly && (
        <Text size="sm">{t('contacts.import.rejected', { count: rejected.length, cards: cardNumbers(rejected) })}</Text>
      )}
    </Alert>
  );
}
