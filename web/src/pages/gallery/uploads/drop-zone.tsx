import { Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/** The whole page takes dropped files: while some are dragged over it, it says it will upload them. */
export function DropZone({ onFiles, children }: { onFiles: (files: File[]) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  // dragenter and dragleave fire for every child crossed: count them to know when the pointer left.
  const depth = useRef(0);
  return (
    <div
      className="drop-zone"
      data-over={over || undefined}
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        onFiles([...event.dataTransfer.files]);
      }}
    >
      {children}
      {over && (
        <Stack className="drop-zone-overlay" align="center" justify="center" gap="xs" aria-hidden="true">
          <IconUpload size={48} stroke={1.4} />
          <Text fw={600} size="lg">
            {t('gallery.upload.drop')}
          </Text>
        </Stack>
      )}
    </div>
  );
}
