import type { CategoryReport, Conflict } from './category-sync.js';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A sentence ends with one full stop, whatever the server's message ended with. */
const sentence = (text: string) => text.trim().replace(/[.!]?$/, '.');

function conflictLine(conflict: Conflict, where: string): string {
  const record = (label: string | null) => `"${label ?? conflict.id}" (${conflict.id})`;
  switch (conflict.kind) {
    case 'changed-on-both':
      return (
        `  conflict: ${record(conflict.here)} changed here and on the server: the server's copy ` +
        `${record(conflict.server)} is in ${where}, yours is in ${conflict.copy ?? '?'}`
      );
    case 'deleted-here':
      return `  conflict: ${record(conflict.server)} was deleted here but changed on the server: the server's copy is back in ${where}`;
    case 'deleted-on-server':
      return `  conflict: ${record(conflict.here)} was deleted on the server but changed here: yours is kept and sent again`;
  }
}

/**
 * What a category's sync did, for people: "contacts: 3 up, 5 down, 1 conflict", then a line for
 * each conflict and each refused record. `locate` names the file that holds a record.
 */
export function describeReport(report: CategoryReport, locate: (id: string) => string): string[] {
  const parts = [`${report.up} up`, `${report.down} down`, count(report.conflicts.length, 'conflict', 'conflicts')];
  if (report.rejected.length > 0) parts.push(`${report.rejected.length} not accepted`);
  const lines = [`${report.category}: ${parts.join(', ')}`];
  if (report.restarted)
    lines.push('  the server no longer remembered deletions this old: everything was compared anew');
  for (const conflict of report.conflicts) lines.push(conflictLine(conflict, locate(conflict.id)));
  for (const rejection of report.rejected) {
    lines.push(
      `  not accepted: "${rejection.label}" (${rejection.id}): ${sentence(rejection.message)} Fix it in ${locate(rejection.id)}.`,
    );
  }
  return lines;
}
