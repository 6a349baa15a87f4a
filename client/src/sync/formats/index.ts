import type { Category } from '@nimbus/protocol';
import { CalendarFile } from './calendar-file.js';
import { ContactsFile } from './contacts-file.js';
import type { FolderFormat } from './format.js';
import { ListFile } from './list-file.js';
import { NotesFolder } from './notes-folder.js';

export { FolderFormatError, type FolderFormat, type LocalItem } from './format.js';

/** How each category lives in a sync folder; new instances for each sync. */
export function folderFormats(dir: string): Record<Category, FolderFormat> {
  return {
    contacts: new ContactsFile(dir),
    calendar: new CalendarFile(dir),
    messages: new ListFile(dir, 'messages'),
    calls: new ListFile(dir, 'calls'),
    notes: new NotesFolder(dir),
  };
}
