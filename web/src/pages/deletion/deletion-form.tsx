import type { Account, AccountState, CodeDestination, DeletionCodeSent } from '@nimbus/protocol';
import { Alert, Anchor, Button, Card, Group, Modal, Radio, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type SubmitEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, getJson, sendJson } from '../../api';
import { CODE_LENGTH, CodeInput } from '../../account/code-input';
import { CodeSentTo } from '../../account/code-sent-to';
import { CountdownButton } from '../../account/countdown-button';
import { DestinationLabel } from '../../account/destination-label';
import { PasswordField } from '../../account/password-field';
import { useCountdown } from '../../countdown';
import { describeError } from '../../errors';
import { useDateTimeFormat } from '../../format';
import { ACCOUNT_QUERY_KEY, queryClient, SESSION_QUERY_KEY } from '../../query-client';
import { GRACE_DAYS } from './grace-period';

const DESTINATIONS_QUERY_KEY = [...ACCOUNT_QUERY_KEY, 'deletion-destinations'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

type Field = 'code' | 'password';

/** The verified e-mail and phone a code can go to, in the order the server prefers them. */
function useDestinations() {
  return useQuery({
    queryKey: DESTINATIONS_QUERY_KEY,
    queryFn: ({ signal }) =>
      getJson<{ destinations: CodeDestination[] }>('/api/v1/account/deletion/destinations', { signal }),
    select: ({ destinations }) => destinations,
  });
}

/** The account was meanwhile scheduled for deletion elsewhere: the session says so once reread. */
const rereadSession = () => queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });

/**
 * Confirming the deletion: a code to the verified e-mail or phone the owner picks, then that code
 * and the password, then one last "are you sure".
 */
export function DeletionForm({ onScheduled }: { onScheduled: (account: Account) => void }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat({ dateStyle: 'long' });
  const destinations = useDestinations();
  const [chosen, setChosen] = useState<string | null>(null);
  const [challenge, setChallenge] = useState<DeletionCodeSent | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [burnt, setBurnt] = useState(false);
  const [confirming, setConfirming] = useState(false);
  /** When the deletion would take effect, as far as this browser can tell: "are you sure" names it. */
  const [dueEstimate, setDueEstimate] = useState(0);
  const countdown = useCountdown(0);
  const codeInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  const list = destinations.data ?? [];
  const picked = chosen ?? list[0]?.id ?? null;
  const maskedOf = (id: string) => list.find((destination) => destination.id === id)?.masked ?? '';
  const clearError = (field: Field) => setErrors(({ [field]: _cleared, ...rest }) => rest);
  const focus = (field: Field) =>
    requestAnimationFrame(() => (field === 'code' ? codeInput : passwordInput).current?.focus());

  const send = useMutation({
    mutationFn: (destinationId: string | null) =>
      sendJson<DeletionCodeSent>(
        'POST',
        '/api/v1/account/deletion/code',
        destinationId === null ? {} : { destinationId },
      ),
    onSuccess: (sent) => {
      if (challenge !== null) setNotice(t('verify.resent', { destination: maskedOf(sent.sentTo) }));
      setChallenge(sent);
      setChosen(sent.sentTo);
      countdown.restart(sent.resendAfterSeconds);
      setBurnt(false);
      setCode('');
      setFormError(null);
      clearError('code');
      focus('code');
    },
    onError: (error) => {
      if (error instanceof ApiError && error.retryAfterSeconds !== null) countdown.restart(error.retryAfterSeconds);
      if (error instanceof ApiError && error.code === 'conflict') void rereadSession();
      setNotice(null);
      setFormError(describeError(t, error));
    },
  });

  const schedule = useMutation({
    mutationFn: (request: { password: string; challengeId: string; code: string }) =>
      sendJson<AccountState>('POST', '/api/v1/account/deletion', request),
    onSuccess: ({ account }) => {
      setConfirming(false);
      onScheduled(account);
    },
    onError: (error) => {
      setConfirming(false);
      if (error instanceof ApiError && error.code === 'invalid_credentials') {
        setPassword('');
        setErrors({ password: t('deletion.errors.wrongPassword') });
        return focus('password');
      }
      if (error instanceof ApiError && ['code_invalid', 'code_expired', 'not_found'].includes(error.code ?? '')) {
        setBurnt(error.code === 'code_invalid' && error.details.burnt === true);
        setCode('');
        // No such code: a newer one replaced it.
        setErrors({ code: error.code === 'not_found' ? t('deletion.errors.codeEnded') : describeError(t, error) });
        return focus('code');
      }
      if (error instanceof ApiError && error.code === 'conflict') void rereadSession();
      setFormError(describeError(t, error));
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (challenge === null || schedule.isPending) return;
    setFormError(null);
    setNotice(null);
    const fieldErrors: Partial<Record<Field, string>> = {};
    if (code.length !== CODE_LENGTH) fieldErrors.code = t('verify.errors.incomplete');
    if (password === '') fieldErrors.password = t('deletion.errors.passwordRequired');
    setErrors(fieldErrors);
    if (fieldErrors.code !== undefined) return focus('code');
    if (fieldErrors.password !== undefined) return focus('password');
    setDueEstimate(Date.now() + GRACE_DAYS * DAY_MS);
    setConfirming(true);
  }

  const resendIn = (time: string) => t('verify.resendIn', { time });
  const picker = list.length > 1 && (
    <Radio.Group
      label={challenge === null ? t('deletion.form.pick') : t('verify.destination')}
      value={picked}
      onChange={setChosen}
    >
      <Stack gap="xs" mt={6}>
        {list.map((destination) => (
          <Radio key={destination.id} value={destination.id} label={<DestinationLabel destination={destination} />} />
        ))}
      </Stack>
    </Radio.Group>
  );

  let body;
  if (destinations.isPending) {
    body = <Skeleton height={96} radius="md" />;
  } else if (destinations.isError) {
    body = (
      <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
        {describeError(t, destinations.error)}
        <Button variant="default" size="xs" mt="xs" display="block" onClick={() => void destinations.refetch()}>
          {t('errors.retry')}
        </Button>
      </Alert>
    );
  } else if (list.length === 0) {
    body = (
      <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />}>
        {t('deletion.form.noContact')}{' '}
        <Anchor component={Link} to="/account/email-and-phone" inherit fw={600}>
          {t('deletion.form.addContact')}
        </Anchor>
      </Alert>
    );
  } else if (challenge === null) {
    body = (
      <Stack gap="md">
        <Text>{t('deletion.form.intro')}</Text>
        {picker || (
          <Text>
            <Trans
              i18nKey="deletion.form.sendTo"
              values={{ destination: list[0]?.masked ?? '' }}
              components={{ strong: <Text span fw={700} dir="ltr" style={{ overflowWrap: 'anywhere' }} /> }}
            />
          </Text>
        )}
        {formError !== null && (
          <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
            {formError}
          </Alert>
        )}
        <CountdownButton
          secondsLeft={countdown.secondsLeft}
          label={t('deletion.form.send')}
          waitingLabel={resendIn}
          loading={send.isPending}
          onClick={() => send.mutate(picked)}
          style={{ alignSelf: 'flex-start' }}
        />
      </Stack>
    );
  } else {
    body = (
      <Stack gap="lg">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <CodeSentTo destination={maskedOf(challenge.sentTo)} />
            <CodeInput
              ref={codeInput}
              value={code}
              onChange={(digits) => {
                setCode(digits);
                clearError('code');
              }}
              // The password comes next: the sixth digit moves there rather than sending anything.
              onComplete={() => passwordInput.current?.focus()}
              error={errors.code ?? null}
              autoFocus
              size="md"
            />
            {burnt && (
              <Alert color="orange" icon={<IconAlertTriangle aria-hidden="true" />}>
                {t('verify.burntHint')}
              </Alert>
            )}
            <PasswordField
              ref={passwordInput}
              label={t('deletion.form.password')}
              size="md"
              autoComplete="current-password"
              value={password}
              onChange={(event) => {
                setPassword(event.currentTarget.value);
                clearError('password');
              }}
              error={errors.password}
              required
            />
            {notice !== null && (
              <Alert role="status" color="teal" icon={<IconCircleCheck aria-hidden="true" />}>
                {notice}
              </Alert>
            )}
            {formError !== null && (
              <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
                {formError}
              </Alert>
            )}
            <Button
              type="submit"
              color="red"
              size="md"
              fullWidth
              disabled={burnt}
              loading={schedule.isPending}
              leftSection={<IconTrash size={18} aria-hidden="true" />}
            >
              {t('deletion.form.submit')}
            </Button>
          </Stack>
        </form>
        <Stack gap="sm">
          {picker}
          <CountdownButton
            variant="default"
            fullWidth
            secondsLeft={countdown.secondsLeft}
            label={t('verify.resend')}
            waitingLabel={resendIn}
            loading={send.isPending}
            onClick={() => send.mutate(picked)}
          />
        </Stack>
      </Stack>
    );
  }

  return (
    <Card component="section" aria-labelledby="deletion-confirm">
      <Title order={2} size="h4" id="deletion-confirm" mb="md">
        {t('deletion.form.title')}
      </Title>
      {body}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('deletion.confirm.title')}
        centered
        radius="lg"
        closeButtonProps={{ 'aria-label': t('deletion.confirm.keep') }}
      >
        <Stack gap="lg">
          <Text>{t('deletion.confirm.text', { date: formatDate(dueEstimate) })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('deletion.confirm.keep')}
            </Button>
            <Button
              color="red"
              loading={schedule.isPending}
              onClick={() =>
                challenge !== null && schedule.mutate({ password, challengeId: challenge.challengeId, code })
              }
            >
              {t('deletion.confirm.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
