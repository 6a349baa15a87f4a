import type { MediaSection } from '@nimbus/protocol';
import { formatBytes } from '../progress.js';
import { describeSent, type LocalMedia, type MediaOutcome, type MediaUploaderOutput } from './media-uploader.js';

interface Tally {
  uploaded: number;
  present: number;
  failed: number;
  sent: number;
}

/** "3 uploaded (4.20 MB sent), 1 already there, 1 not uploaded". */
function describeTally(tally: Tally): string {
  const parts = [`${tally.uploaded} uploaded (${formatBytes(tally.sent)} sent)`, `${tally.present} already there`];
  if (tally.failed > 0) parts.push(`${tally.failed} not uploaded`);
  return parts.join(', ');
}

/** Where the report's lines go: `line` for what happened, `problem` for what did not. */
export interface ReportWriter {
  line(text: string): void;
  problem(text: string): void;
}

/**
 * What media uploads did, for people: a line per continued or restarted upload and per file that
 * was not stored, a line per stored file when `perFile`, and counts by section for the summary.
 */
export class MediaReport implements MediaUploaderOutput {
  private readonly tallies = new Map<MediaSection, Tally>();

  constructor(
    private readonly writer: ReportWriter,
    private readonly perFile: boolean,
  ) {}

  resuming(file: LocalMedia, offset: number): void {
    this.writer.line(
      `${file.label}: continuing from ${formatBytes(offset)} of ${formatBytes(file.size)} (the server has them already)`,
    );
  }

  restarting(file: LocalMedia): void {
    this.writer.line(
      `${file.label}: the server no longer had its unfinished upload (expired); sending it from the start`,
    );
  }

  done(outcome: MediaOutcome): void {
    const tally = this.tally(outcome.file.item.section);
    switch (outcome.kind) {
      case 'uploaded':
        tally.uploaded++;
        tally.sent += outcome.sent;
        if (this.perFile) this.writer.line(`uploaded ${outcome.file.label} (${describeSent(outcome)})`);
        break;
      case 'present':
        tally.present++;
        if (this.perFile) this.writer.line(`already there: ${outcome.file.label} (nothing sent)`);
        break;
      case 'failed':
        tally.failed++;
        this.writer.problem(`${outcome.file.label} not uploaded: ${outcome.message}`);
        break;
    }
  }

  /** A file left out before any upload (refused on an earlier run, unchanged since). */
  skipped(file: LocalMedia, message: string): void {
    this.tally(file.item.section).failed++;
    this.writer.problem(`${file.label} not uploaded: ${message}`);
  }

  get failed(): number {
    return [...this.tallies.values()].reduce((sum, tally) => sum + tally.failed, 0);
  }

  /** One summary over every section. */
  summary(): string {
    const total: Tally = { uploaded: 0, present: 0, failed: 0, sent: 0 };
    for (const tally of this.tallies.values()) {
      total.uploaded += tally.uploaded;
      total.present += tally.present;
      total.failed += tally.failed;
      total.sent += tally.sent;
    }
    return describeTally(total);
  }

  /** "gallery: 2 uploaded (…), 0 already there" for each of `sections`; "nothing new" where nothing happened. */
  sectionLines(sections: readonly MediaSection[]): string[] {
    return sections.map((section) => {
      const tally = this.tallies.get(section);
      return `${section}: ${tally === undefined ? 'nothing new' : describeTally(tally)}`;
    });
  }

  private tally(section: MediaSection): Tally {
    let tally = this.tallies.get(section);
    if (tally === undefined) {
      tally = { uploaded: 0, present: 0, failed: 0, sent: 0 };
      this.tallies.set(section, tally);
    }
    return tally;
  }
}
