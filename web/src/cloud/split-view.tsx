import { useEffect, useRef, type ReactNode } from 'react';
import './cloud.css';

/** Below this width list and detail take turns (see cloud.css). */
const ONE_AT_A_TIME = '(max-width: 61.99em)';

interface SplitViewProps {
  list: ReactNode;
  listLabel: string;
  /** The open record, its editor, or null when none is open. */
  detail: ReactNode;
  /** Shown beside the list on a wide screen while nothing is open. */
  placeholder: ReactNode;
  /** Changes whenever another record (or editor) opens. */
  detailKey: string | null;
}

/**
 * A list with the open record beside it; on a phone the record takes the list's place. There,
 * focus moves with the view, as the list a keyboard user was on disappears.
 */
export function SplitView({ list, listLabel, detail, placeholder, detailKey }: SplitViewProps) {
  const listRef = useRef<HTMLElement>(null);
  const detailRef = useRef<HTMLElement>(null);
  const previousKey = useRef(detailKey);

  useEffect(() => {
    if (previousKey.current === detailKey) return;
    previousKey.current = detailKey;
    if (!window.matchMedia(ONE_AT_A_TIME).matches) return;
    window.scrollTo(0, 0);
    if (detailKey === null) {
      listRef.current?.focus();
      return;
    }
    const heading = detailRef.current?.querySelector<HTMLElement>('h2');
    if (heading !== null && heading !== undefined) {
      heading.tabIndex = -1;
      heading.focus();
    } else detailRef.current?.focus();
  }, [detailKey]);

  return (
    <div className="cloud-split" data-detail={detailKey === null ? 'closed' : 'open'}>
      <section ref={listRef} className="cloud-split-list" aria-label={listLabel} tabIndex={-1}>
        {list}
      </section>
      <section ref={detailRef} className="cloud-split-detail" tabIndex={-1}>
        {detailKey === null ? placeholder : detail}
      </section>
    </div>
  );
}
