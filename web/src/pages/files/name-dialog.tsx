import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api-error';
import { describeError } from '../../errors';
import { baseNameLength, nameProblem } from './file-name';

interface NameDialogProps {
  title: string;
  label: string;
  submitLabel: string;
  /** The name to start from (renaming); empty for something new. */
  initial: string;
  onClose: () => void;
  /** Sends the name; a refusal is shown under the field and the dialog stays open. */
  onSubmit: (name: string) => Promise<unknown>;
}

/** Asks for a file or folder name: a new folder, or a rename. Errors (a taken name…) stand under the field. */
export function NameDialog({ title, label, submitLabel, initial, onClose, onSubmit }: NameDialogProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const selectedBase = useRef(false);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = nameProblem(name);
    if (problem !== null) {
      setError(t(`files.errors.${problem}`));
      return;
    }
    setPending(true);
    setError(null);
    try {
      await onSubmit(name.trim());
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.code === 'conflict'
          ? t('files.errors.taken', { name: name.trim() })
          : describeError(t, failure),
      );
    } finally {
      setPending(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      centered
      returnFocus={false}
      radius="lg"
      closeButtonProps={{ 'aria-label': t('files.close') }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="lg">
          <TextInput
            label={label}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setError(null);
            }}
            error={error}
            maxLength={255}
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            onFocus={(event) => {
              // Renaming "report.pdf" selects "report" when the dialog opens, so typing keeps the extension.
              if (selectedBase.current || initial === '') return;
              selectedBase.current = true;
              event.currentTarget.setSelectionRange(0, baseNameLength(initial));
            }}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('files.cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
