import type { CaptchaChallenge } from '@nimbus/protocol';
import { ActionIcon, Alert, Box, Button, Group, Input, Skeleton, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AltchaWidgetElement } from 'altcha';
import type {} from 'altcha/types/react';
import {
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api';
import { currentLocale } from '../i18n';
import { loadAltcha } from './altcha';

export interface CaptchaHandle {
  /**
   * The answer for the form's `captcha` field: undefined when this server asks for none, null when
   * it is not solved yet (the form then says so next to the captcha).
   */
  solve(): Promise<string | null | undefined>;
  /** Shows a fresh challenge: each one takes a single answer, so after any sent form it is used up. */
  renew(): void;
}

interface CaptchaFieldProps {
  ref?: Ref<CaptchaHandle>;
  error?: string | null;
  /** Called when the user works on the captcha, so the form can clear its error. */
  onChange?: () => void;
}

interface AltchaHandle {
  solve(): Promise<string | null>;
}

interface AltchaWidgetProps {
  ref: Ref<AltchaHandle>;
  challenge: Extract<CaptchaChallenge, { kind: 'altcha' }>['challenge'];
  /** Solve at once (a renewed challenge the user had solved before), or when the form is first focused. */
  solveAtOnce: boolean;
  onChange?: () => void;
  onVerified: () => void;
}

type StateChange = CustomEvent<{ state: string; payload?: string }>;

/** The payload of the check the widget is running, once it ends; null if it fails or expires. */
function settled(widget: AltchaWidgetElement): Promise<string | null> {
  return new Promise((resolve) => {
    const onStateChange = (event: Event) => {
      const { state, payload } = (event as StateChange).detail;
      if (state === 'verifying') return;
      widget.removeEventListener('statechange', onStateChange);
      resolve(state === 'verified' ? (payload ?? null) : null);
    };
    widget.addEventListener('statechange', onStateChange);
  });
}

/** The ALTCHA proof-of-work widget: the browser does the work, the user at most ticks a box. */
function AltchaWidget({ ref, challenge, solveAtOnce, onChange, onVerified }: AltchaWidgetProps) {
  const { t } = useTranslation();
  const element = useRef<AltchaWidgetElement>(null);
  const payload = useRef<string | null>(null);
  const [loaded, setLoaded] = useState<'loading' | 'ready' | 'failed'>('loading');
  const callbacks = useRef({ onChange, onVerified });

  useEffect(() => {
    callbacks.current = { onChange, onVerified };
  }, [onChange, onVerified]);

  useEffect(() => {
    let live = true;
    loadAltcha().then(
      () => live && setLoaded('ready'),
      () => live && setLoaded('failed'),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const widget = element.current;
    if (widget === null) return;
    const onStateChange = (event: Event) => {
      const { state, payload: solved } = (event as StateChange).detail;
      payload.current = state === 'verified' ? (solved ?? null) : null;
      if (payload.current !== null) callbacks.current.onVerified();
      callbacks.current.onChange?.();
    };
    widget.addEventListener('statechange', onStateChange);
    return () => widget.removeEventListener('statechange', onStateChange);
  }, [loaded]);

  useImperativeHandle(
    ref,
    () => ({
      async solve() {
        const widget = element.current;
        if (payload.current !== null || widget === null || typeof widget.verify !== 'function') return payload.current;
        // Already working (started when the form got focus): wait for it rather than start over.
        const state: string = widget.getState();
        if (state === 'verifying') return settled(widget);
        const result = await widget.verify();
        return result?.payload ?? payload.current;
      },
    }),
    [],
  );

  if (loaded === 'failed') {
    return (
      <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} role="alert">
        {t('captcha.loadFailed')}
      </Alert>
    );
  }
  if (loaded === 'loading') return <Skeleton height={66} radius="md" />;
  return (
    <altcha-widget
      ref={element}
      challenge={JSON.stringify(challenge)}
      language={currentLocale()}
      auto={solveAtOnce ? 'onload' : 'onfocus'}
      configuration={JSON.stringify({ hideFooter: true, hideLogo: true })}
      style={{
        '--altcha-max-width': '100%',
        '--altcha-border-radius': 'var(--mantine-radius-md)',
        '--altcha-border-color': 'var(--mantine-color-gray-4)',
        '--altcha-color-primary': 'var(--mantine-color-nimbus-7)',
        '--altcha-color-success': 'var(--mantine-color-teal-8)',
        '--altcha-color-error': 'var(--mantine-color-red-9)',
        display: 'block',
      }}
    />
  );
}

/**
 * The captcha of a form, of whatever kind the server uses: ALTCHA, a picture of characters to
 * type, or none at all (local development).
 */
export function CaptchaField({ ref, error = null, onChange }: CaptchaFieldProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const captchaId = useId();
  const queryKey = useMemo(() => ['captcha', captchaId], [captchaId]);
  const challenge = useQuery({
    queryKey,
    queryFn: ({ signal }) => getJson<CaptchaChallenge>('/api/v1/captcha', { signal }),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const [text, setText] = useState('');
  const [solvedBefore, setSolvedBefore] = useState(false);
  const altcha = useRef<AltchaHandle>(null);
  const data = challenge.data;

  const renew = useCallback(() => {
    setText('');
    void queryClient.resetQueries({ queryKey, exact: true });
  }, [queryClient, queryKey]);

  useImperativeHandle(
    ref,
    () => ({
      async solve() {
        if (data === undefined) return null;
        switch (data.kind) {
          case 'off':
            return undefined;
          case 'image':
            return text.trim() === '' ? null : `${data.id}:${text.trim()}`;
          case 'altcha':
            return (await altcha.current?.solve()) ?? null;
        }
      },
      renew,
    }),
    [data, text, renew],
  );

  if (data?.kind === 'off') return null;

  let body: ReactNode;
  if (challenge.isError) {
    body = (
      <Alert color="red" icon={<IconAlertTriangle aria-hidden="true" />} title={t('captcha.loadFailed')}>
        <Button variant="default" size="xs" mt="xs" onClick={() => void challenge.refetch()}>
          {t('captcha.retry')}
        </Button>
      </Alert>
    );
  } else if (data === undefined) {
    body = <Skeleton height={66} radius="md" />;
  } else if (data.kind === 'image') {
    body = (
      <Stack gap={8}>
        <Group gap="sm" wrap="nowrap" align="center">
          <Box
            bg="white"
            style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 'var(--mantine-radius-md)' }}
          >
            <img
              src={data.image}
              width={data.width}
              height={data.height}
              alt={t('captcha.image.alt')}
              style={{ display: 'block', maxWidth: '100%', height: 'auto' }}
            />
          </Box>
          <ActionIcon variant="default" size="lg" onClick={renew} aria-label={t('captcha.image.another')}>
            <IconRefresh size={18} aria-hidden="true" />
          </ActionIcon>
        </Group>
        <TextInput
          label={t('captcha.image.label')}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            onChange?.();
          }}
          error={error}
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
        />
      </Stack>
    );
  } else {
    body = (
      <>
        <AltchaWidget
          key={`${data.challenge.signature}:${currentLocale()}`}
          ref={altcha}
          challenge={data.challenge}
          solveAtOnce={solvedBefore}
          onChange={onChange}
          onVerified={() => setSolvedBefore(true)}
        />
        {error !== null && (
          // The widget's checkbox cannot be pointed at this text, so it is announced when it appears.
          <Input.Error role="alert" mt={6}>
            {error}
          </Input.Error>
        )}
      </>
    );
  }
  return <Box data-field="captcha">{body}</Box>;
}
