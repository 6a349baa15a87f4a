import type { TFunction } from 'i18next';

/** The types a phone gives numbers and addresses that the portal names in words. */
const NAMED = ['cell', 'home', 'work', 'main', 'fax', 'pager', 'other'] as const;
type NamedType = (typeof NAMED)[number];

const isNamed = (type: string): type is NamedType => NAMED.some((named) => named === type);

/** "Mobile", "Work", …; a type Nimbus has no word for is shown as the phone wrote it. */
export function typeLabel(t: TFunction, type: string | null): string | null {
  if (type === null) return null;
  const lower = type.toLowerCase();
  if (isNamed(lower)) return t(`contacts.types.${lower}`);
  return lower.replace(/^x-/, '');
}
