import type { MediaItem } from '@nimbus/protocol';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../../format';
import { Fact } from '../../layout/fact';
import { DEVICES_QUERY_KEY, listDevices } from '../devices/devices-api';
import { formatBytes } from '../../media/bytes';
import { formatDuration, formatPlace } from './media-format';

/** What is known of an item: when and where it was taken, its size, dimensions, length and device. */
export function MediaDetails({ item }: { item: MediaItem }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage;
  const dateTime = useDateTimeFormat({ dateStyle: 'long', timeStyle: 'short' });
  const devices = useQuery({ queryKey: DEVICES_QUERY_KEY, queryFn: ({ signal }) => listDevices(signal) });
  const device =
    item.deviceId === null
      ? t('gallery.details.portal')
      : (devices.data?.find((candidate) => candidate.id === item.deviceId)?.name ?? t('gallery.details.unknownDevice'));
  const number = new Intl.NumberFormat(locale);
  return (
    <dl className="facts">
      <Fact label={t('gallery.details.name')}>{item.name}</Fact>
      <Fact label={t('gallery.details.taken')}>
        <time dateTime={item.takenAt}>{dateTime(item.takenAt)}</time>
      </Fact>
      <Fact label={t('gallery.details.size')}>{formatBytes(item.size, locale)}</Fact>
      {item.width !== null && item.height !== null && (
        <Fact label={t('gallery.details.dimensions')}>
          {t('gallery.details.pixels', { width: number.format(item.width), height: number.format(item.height) })}
        </Fact>
      )}
      {item.durationMs !== null && <Fact label={t('gallery.details.duration')}>{formatDuration(item.durationMs)}</Fact>}
      {item.location !== null && <Fact label={t('gallery.details.place')}>{formatPlace(item.location, locale)}</Fact>}
      <Fact label={t('gallery.details.device')}>{device}</Fact>
      {item.album !== null && <Fact label={t('gallery.details.album')}>{albumName(t, item.album)}</Fact>}
      <Fact label={t('gallery.details.type')}>{item.mime}</Fact>
    </dl>
  );
}

/** The built-in albums by their translated names; a device's folder by its own. */
export function albumName(t: TFunction, album: string): string {
  if (album === 'camera') return t('gallery.albums.camera');
  if (album === 'screenshots') return t('gallery.albums.screenshots');
  return album;
}
