import { Button, Card, Divider, Group, Skeleton, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { Fragment, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { BackToList } from '../../cloud/back-to-list';
import { LoadError } from '../../cloud/list-states';
import { dayKey, useDayHeading } from './day-time';
import { MessageBubble } from './message-bubble';
import { MessageComposer } from './message-composer';
import { useMarkThreadRead, useThreadMessages } from './message-queries';
import classes from './messages.module.css';

/** One conversation like a chat, oldest at the top, with earlier pages on request and a reply box below. */
export function ThreadView({ threadKey }: { threadKey: string }) {
  const { t } = useTranslation();
  const dayHeading = useDayHeading();
  const thread = useThreadMessages(threadKey);
  const scroller = useRef<HTMLDivElement>(null);
  const card = useRef<HTMLDivElement>(null);
  // Pages come newest first; a chat reads from the oldest.
  const messages = (thread.data?.pages.flatMap((page) => page.records) ?? []).toReversed();
  const newest = messages.at(-1);
  const address = newest?.data.address ?? threadKey;
  const lastOutgoing = messages.findLast((message) => message.data.direction === 'out');

  // Follows the conversation to its newest message, but not when earlier pages are added above.
  // On a phone the conversation replaces the list: it takes the screen, like a chat app. After the
  // split view's own scroll to the top, hence the next frame.
  useEffect(() => {
    if (!window.matchMedia('(max-width: 61.99em)').matches) return;
    const frame = requestAnimationFrame(() => card.current?.scrollIntoView({ block: 'start' }));
    return () => cancelAnimationFrame(frame);
  }, []);

  // Opening a conversation reads it. Keyed by the newest unread message, so a message arriving unread
  // while it is open is read too. A failure only leaves the unread badge, so it is not shown as an
  // error and not repeated in a loop: the next opening tries again.
  const { mutate: markRead } = useMarkThreadRead();
  const unread = messages.findLast((message) => !message.data.read);
  const unreadMark = unread === undefined ? null : `${unread.id}@${unread.version}`;
  useEffect(() => {
    if (unreadMark !== null) markRead(threadKey);
  }, [unreadMark, threadKey, markRead]);

  const newestMark = newest === undefined ? null : `${newest.id}@${newest.version}`;
  useEffect(() => {
    const element = scroller.current;
    if (element !== null && newestMark !== null) element.scrollTop = element.scrollHeight;
  }, [newestMark]);

  return (
    <Card ref={card} padding={0} className={classes.conversation} component="section" aria-labelledby="thread-title">
      <Stack gap={2} p="md" pb="sm">
        <BackToList to="/messages" label={t('messages.back')} />
        <Title order={2} size="h4" id="thread-title">
          <VisuallyHidden>{t('messages.conversationWith')} </VisuallyHidden>
          <span dir="ltr" className={classes.address}>
            {address}
          </span>
        </Title>
      </Stack>
      <Divider />
      <div
        className={classes.messages}
        ref={scroller}
        // Scrollable on its own, so a keyboard user must be able to reach it.
        tabIndex={0}
        role="region"
        aria-label={t('messages.messagesLabel')}
      >
        {thread.isPending ? (
          <Stack gap="sm" p="sm">
            <Skeleton height={48} width="60%" radius="lg" />
            <Skeleton height={48} width="50%" radius="lg" ml="auto" />
            <Skeleton height={64} width="70%" radius="lg" />
          </Stack>
        ) : thread.isError ? (
          <LoadError error={thread.error} onRetry={() => void thread.refetch()} />
        ) : messages.length === 0 ? (
          <Text c="dimmed" ta="center" py="xl">
            {t('messages.threadEmpty')}
          </Text>
        ) : (
          <>
            {thread.hasNextPage && (
              <Group justify="center" mb="sm">
                <Button
                  size="xs"
                  variant="default"
                  loading={thread.isFetchingNextPage}
                  onClick={() => void thread.fetchNextPage()}
                >
                  {t('messages.loadEarlier')}
                </Button>
              </Group>
            )}
            <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('messages.messagesLabel')}>
              {messages.map((message, index) => {
                const day = dayKey(message.data.time);
                const previous = messages[index - 1];
                const newDay = previous === undefined || dayKey(previous.data.time) !== day;
                return (
                  <Fragment key={message.id}>
                    {newDay && (
                      <li className={classes.dayHeading} aria-hidden="true">
                        <Text size="xs" c="dimmed" fw={600}>
                          {dayHeading(day)}
                        </Text>
                      </li>
                    )}
                    <MessageBubble message={message} />
                  </Fragment>
                );
              })}
            </ol>
          </>
        )}
      </div>
      <VisuallyHidden role="status">
        {lastOutgoing === undefined ? '' : t(`messages.status.${lastOutgoing.data.status}`)}
      </VisuallyHidden>
      <Divider />
      <div style={{ padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md) var(--mantine-spacing-md)' }}>
        <MessageComposer address={address} onSent={() => undefined} />
      </div>
    </Card>
  );
}
