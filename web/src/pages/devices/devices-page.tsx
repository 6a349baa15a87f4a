import type { Device, UpdateSyncSwitches } from '@nimbus/protocol';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconDeviceMobile } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ListSkeleton, LoadError } from '../../cloud/list-states';
import { NoticeAlert, type Notice } from '../../cloud/notice';
import { CloudPageHeader } from '../../cloud/page-header';
import { describeError } from '../../errors';
import { usePageTitle } from '../../layout/page-title';
import { DeviceCard } from './device-card';
import { DEVICES_QUERY_KEY, listDevices, removeDevice, updateSwitches } from './devices-api';
import { SYNC_CATEGORIES } from './sync-switches';

const REFRESH_MS = 30_000;

/** The device with a switch change applied, as the server will answer it. */
function switched(device: Device, update: UpdateSyncSwitches): Device {
  const sync = { ...device.sync };
  if (update.all !== undefined) for (const category of SYNC_CATEGORIES) sync[category] = update.all;
  for (const category of SYNC_CATEGORIES) {
    const value = update[category];
    if (value !== undefined) sync[category] = value;
  }
  return { ...device, sync };
}

/**
 * The phones that sync with the account: what each is, when it was last seen and synced, which
 * categories it syncs (saved at once), and removing one, which signs it out.
 */
export function DevicesPage() {
  const { t } = useTranslation();
  usePageTitle(t('devices.title'));
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [switchErrors, setSwitchErrors] = useState<Record<string, string>>({});
  // The device asked about stays named while the dialog closes.
  const [removing, setRemoving] = useState<Device | null>(null);
  const [confirming, setConfirming] = useState(false);

  const replace = (device: Device) =>
    queryClient.setQueryData<Device[]>(DEVICES_QUERY_KEY, (current) =>
      current?.map((other) => (other.id === device.id ? device : other)),
    );

  // Switches move at once; a refusal puts them back and says why.
  const toggle = useMutation({
    mutationFn: ({ device, update }: { device: Device; update: UpdateSyncSwitches }) =>
      updateSwitches(device.id, update),
    onMutate: async ({ device, update }) => {
      await queryClient.cancelQueries({ queryKey: DEVICES_QUERY_KEY });
      setSwitchErrors(({ [device.id]: _cleared, ...others }) => others);
      replace(switched(device, update));
    },
    onSuccess: (saved) => {
      replace(saved);
      setNotice({ kind: 'done', text: t('devices.switchSaved', { name: saved.name }) });
    },
    onError: (error, { device }) => {
      replace(device);
      setSwitchErrors((current) => ({ ...current, [device.id]: describeError(t, error) }));
    },
  });

  const devices = useQuery({
    queryKey: DEVICES_QUERY_KEY,
    queryFn: ({ signal }) => listDevices(signal),
    // Online and last seen change on their own; not while a switch saves, which an older list would undo.
    refetchInterval: toggle.isPending ? false : REFRESH_MS,
  });

  const remove = useMutation({
    mutationFn: (device: Device) => removeDevice(device.id),
    onSuccess: async (_nothing, device) => {
      setConfirming(false);
      setNotice({ kind: 'done', text: t('devices.removed', { name: device.name }) });
      await queryClient.invalidateQueries({ queryKey: DEVICES_QUERY_KEY });
    },
  });

  return (
    <Stack gap="lg" maw={860}>
      <CloudPageHeader title={t('devices.title')} description={t('devices.description')} />
      {notice !== null && <NoticeAlert notice={notice} onClose={() => setNotice(null)} />}
      {devices.isPending ? (
        <ListSkeleton rows={2} height={320} />
      ) : devices.isError ? (
        <LoadError error={devices.error} onRetry={() => void devices.refetch()} />
      ) : devices.data.length === 0 ? (
        <EmptyState icon={IconDeviceMobile} title={t('devices.empty.title')} text={t('devices.empty.text')} />
      ) : (
        <Stack component="ul" gap="md" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('devices.listLabel')}>
          {devices.data.map((device) => (
            <DeviceCard
              key={device.id}
              device={device}
              switchError={switchErrors[device.id] ?? null}
              onSwitch={(update) => {
                setNotice(null);
                toggle.mutate({ device, update });
              }}
              onRemove={() => {
                remove.reset();
                setRemoving(device);
                setConfirming(true);
              }}
            />
          ))}
        </Stack>
      )}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={removing === null ? '' : t('devices.confirmTitle', { name: removing.name })}
        centered
        radius="lg"
        closeButtonProps={{ 'aria-label': t('devices.cancel') }}
      >
        <Stack gap="lg">
          <Text>{t('devices.confirmText')}</Text>
          {remove.isError && (
            <Text c="red.9" size="sm" role="alert">
              {describeError(t, remove.error)}
            </Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('devices.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => removing !== null && remove.mutate(removing)}>
              {t('devices.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
