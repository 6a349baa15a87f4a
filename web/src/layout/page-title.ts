import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** Sets the tab title to "Page · Nimbus", so each page is told apart in tabs, history and screen readers. */
export function usePageTitle(page: string) {
  const { t } = useTranslation();
  useDocumentTitle(`${page} · ${t('app.name')}`);
}
