import { Alert, Anchor, Button, Group, NativeSelect, Skeleton, Stack, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api';
import { describeError } from '../../errors';
import { useMessagingPhones, useSendMessage, type MessageRecord } from './message-queries';

const ADDRESS_MAX = 64;
const BODY_MAX = 10_000;

type Field = 'phone' | 'address' | 'body';
type FieldErrors = Partial<Record<Field, string>>;

interface MessageComposerProps {
  /** The conversation's number; without it the form asks whom to write to. */
  address?: string;
  onSent: (record: MessageRecord) => void;
}

/** Writes a text that one of the account's phones sends: which phone, to whom (unless replying) and what. */
export function MessageComposer({ address, onSent }: MessageComposerProps) {
  const { t } = useTranslation();
  const phones = useMessagingPhones();
  const send = useSendMessage();
  const [phoneId, setPhoneId] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const phoneInput = useRef<HTMLSelectElement>(null);
  const addressInput = useRef<HTMLInputElement>(null);
  const bodyInput = useRef<HTMLTextAreaElement>(null);
  const formElement = useRef<HTMLFormElement>(null);

  if (phones.isPending) return <Skeleton height={120} radius="md" />;
  if (phones.isError) {
    return (
      <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
        <Stack gap="xs" align="flex-start">
          {describeError(t, phones.error)}
          <Button size="xs" variant="default" onClick={() => void phones.refetch()}>
            {t('errors.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (phones.data.length === 0) {
    return (
      <Alert color="nimbus" icon={<IconInfoCircle aria-hidden="true" />} title={t('messages.noPhoneTitle')}>
        <Stack gap={6} align="flex-start">
          {t('messages.noPhoneText')}
          <Anchor component={Link} to="/devices" fw={600}>
            {t('messages.toDevices')}
          </Anchor>
        </Stack>
      </Alert>
    );
  }

  // Until the owner picks one, a phone that is online: it sends at once, an offline one only when it connects.
  const chosen =
    phones.data.find((phone) => phone.id === phoneId) ?? phones.data.find((phone) => phone.online) ?? phones.data[0];
  const clear = (field: Field) => {
    setErrors(({ [field]: _cleared, ...rest }) => rest);
    setFormError(null);
  };

  function showErrors(fieldErrors: FieldErrors) {
    setErrors(fieldErrors);
    const first = (['phone', 'address', 'body'] as const).find((field) => fieldErrors[field] !== undefined);
    if (first === undefined) return;
    const input = { phone: phoneInput, address: addressInput, body: bodyInput }[first];
    requestAnimationFrame(() => input.current?.focus());
  }

  function serverErrors(error: Error) {
    const fieldErrors: FieldErrors = {};
    let general: string | null = null;
    if (error instanceof ApiError && error.code === 'category_disabled') {
      fieldErrors.phone = t('messages.errors.syncOff');
    } else if (error instanceof ApiError && error.code === 'not_found') {
      fieldErrors.phone = t('messages.errors.phoneGone');
      void phones.refetch();
    } else if (error instanceof ApiError && error.code === 'validation_failed') {
      const issues = Array.isArray(error.details.issues) ? (error.details.issues as { path?: unknown }[]) : [];
      for (const issue of issues) {
        if (issue.path === 'body.address') fieldErrors.address = t('messages.errors.addressInvalid');
        if (issue.path === 'body.body') fieldErrors.body = t('messages.errors.bodyInvalid', { max: BODY_MAX });
        if (issue.path === 'body.deviceId') fieldErrors.phone = t('messages.errors.phoneGone');
      }
      if (Object.keys(fieldErrors).length === 0) general = describeError(t, error);
    } else {
      general = describeError(t, error);
    }
    setFormError(general);
    showErrors(fieldErrors);
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (send.isPending || chosen === undefined) return;
    const recipient = (address ?? to).trim();
    const fieldErrors: FieldErrors = {};
    if (recipient === '') fieldErrors.address = t('messages.errors.addressRequired');
    else if (recipient.length > ADDRESS_MAX) fieldErrors.address = t('messages.errors.addressInvalid');
    if (body.trim() === '') fieldErrors.body = t('messages.errors.bodyRequired');
    setFormError(null);
    showErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) return;
    send.mutate(
      { deviceId: chosen.id, address: recipient, body },
      {
        onSuccess: ({ record }) => {
          setBody('');
          setTo('');
          onSent(record);
        },
        onError: serverErrors,
      },
    );
  }

  const phoneSelect = (
    <NativeSelect
      ref={phoneInput}
      label={t('messages.sendFrom')}
      size={address === undefined ? 'sm' : 'xs'}
      data={phones.data.map((phone) => {
        const name = phone.model === phone.name ? phone.name : `${phone.name} (${phone.model})`;
        return {
          value: phone.id,
          label: t(phone.online ? 'messages.phoneOnline' : 'messages.phoneOffline', { phone: name }),
        };
      })}
      value={chosen?.id}
      onChange={(event) => {
        setPhoneId(event.currentTarget.value);
        clear('phone');
      }}
      // The new-message form says under the choice what online means for it; a reply's options say it briefly.
      description={
        address === undefined && chosen !== undefined
          ? t(chosen.online ? 'messages.onlineHint' : 'messages.offlineHint')
          : undefined
      }
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      error={errors.phone}
      style={{ flex: '1 1 auto', minWidth: 0, maxWidth: address === undefined ? undefined : 320 }}
    />
  );
  const sendButton = (
    // Never squeezed by the phone choice beside it in a reply, which shrinks instead: "Send" stays whole at 360 px.
    <Button
      type="submit"
      loading={send.isPending}
      leftSection={<IconSend size={16} aria-hidden="true" />}
      style={{ flexShrink: 0 }}
    >
      {t('messages.send')}
    </Button>
  );

  return (
    <form
      ref={formElement}
      onSubmit={submit}
      noValidate
      aria-label={address === undefined ? t('messages.newTitle') : t('messages.reply')}
    >
      <Stack gap={address === undefined ? 'sm' : 'xs'}>
        {address === undefined && phoneSelect}
        {address === undefined && (
          <TextInput
            ref={addressInput}
            label={t('messages.to')}
            description={t('messages.toHint')}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            dir="ltr"
            maxLength={ADDRESS_MAX}
            value={to}
            onChange={(event) => {
              setTo(event.currentTarget.value);
              clear('address');
            }}
            error={errors.address}
            required
          />
        )}
        <Textarea
          ref={bodyInput}
          label={t('messages.text')}
          autosize
          minRows={2}
          maxRows={address === undefined ? 8 : 5}
          maxLength={BODY_MAX}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            clear('body');
          }}
          onKeyDown={(event) => {
            // Ctrl+Enter (⌘+Enter) sends, as in chat apps; Enter alone makes a new line.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              formElement.current?.requestSubmit();
            }
          }}
          error={errors.body ?? (address !== undefined ? errors.address : undefined)}
          required
        />
        {formError !== null && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {formError}
          </Alert>
        )}
        {address === undefined ? (
          <Group justify="flex-end">{sendButton}</Group>
        ) : (
          <Group justify="space-between" align="flex-end" gap="sm" wrap="nowrap">
            {phoneSelect}
            {sendButton}
          </Group>
        )}
      </Stack>
    </form>
  );
}
