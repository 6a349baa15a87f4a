import { useNavigate, useSearchParams } from 'react-router';

/**
 * Which record a page has open, held in the address (?<param>=…, &edit, ?new) so Back and a
 * reload keep it. `open(null)` goes back to the bare list.
 */
export function useRecordSelection(path: string, param: string) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const openId = params.get(param);
  const editing = openId !== null && params.has('edit');
  const creating = openId === null && params.has('new');
  const open = (id: string | null, replace = false) =>
    navigate(id === null ? path : `${path}?${param}=${encodeURIComponent(id)}`, { replace });
  return { openId, editing, creating, open };
}
