import { Button, Modal, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconMessages, IconPencilPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../cloud/list-states';
import { CloudPageHeader } from '../../cloud/page-header';
import { SplitView } from '../../cloud/split-view';
import { usePageTitle } from '../../layout/page-title';
import { MessageComposer } from './message-composer';
import { threadKeyOf } from './message-queries';
import { ThreadList } from './thread-list';
import { ThreadView } from './thread-view';

/**
 * The phones' text messages: conversations beside the open one on wide screens, one after the
 * other on phones (the open conversation is in the address, so Back returns to the list).
 */
export function MessagesPage() {
  const { t } = useTranslation();
  usePageTitle(t('messages.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [composing, setComposing] = useState(false);
  const phone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const threadKey = params.get('thread');

  return (
    <Stack gap="lg" maw={1200}>
      <CloudPageHeader
        title={t('messages.title')}
        description={t('messages.description')}
        actions={
          <Button leftSection={<IconPencilPlus size={18} aria-hidden="true" />} onClick={() => setComposing(true)}>
            {t('messages.new')}
          </Button>
        }
      />
      <SplitView
        list={<ThreadList selectedKey={threadKey} />}
        listLabel={t('messages.threadsLabel')}
        detail={threadKey === null ? null : <ThreadView key={threadKey} threadKey={threadKey} />}
        placeholder={<EmptyState icon={IconMessages} title={t('messages.pickTitle')} text={t('messages.pickText')} />}
        detailKey={threadKey}
      />
      <Modal
        opened={composing}
        onClose={() => setComposing(false)}
        title={t('messages.newTitle')}
        fullScreen={phone}
        radius="lg"
        closeButtonProps={{ 'aria-label': t('messages.close') }}
      >
        <MessageComposer
          onSent={(record) => {
            setComposing(false);
            void navigate(`/messages?thread=${encodeURIComponent(threadKeyOf(record.data.address))}`);
          }}
        />
      </Modal>
    </Stack>
  );
}
