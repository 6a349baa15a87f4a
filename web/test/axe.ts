import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's browser bundle, read once; evaluated in the page rather than added as a script tag, which a CSP without inline scripts refuses. */
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One rule a page breaks, with the elements that break it. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
  /** What axe says of the first element, e.g. the colours and the ratio it measured. */
  detail: string;
}

/** The impacts a page must not have: the ones that stop someone from using it. */
const BLOCKING = ['serious', 'critical'];

/**
 * Runs axe-core on the page as it is now and answers its serious and critical violations. The
 * script is a string because this file is type-checked without the DOM library.
 */
export async function blockingViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(`
    window.axe.run(document, { resultTypes: ['violations'] }).then((results) =>
      results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? 'unknown',
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
        detail: violation.nodes[0]?.failureSummary ?? '',
      })),
    )
  `);
  return violations.filter((violation) => BLOCKING.includes(violation.impact));
}

/** Violations said so that a failing test names each rule and where it broke. */
export function describeViolations(where: string, violations: readonly AxeViolation[]): string[] {
  return violations.map(
    (violation) =>
      `${where}: ${violation.id} (${violation.impact}) — ${violation.help}\n    ${violation.targets.slice(0, 8).join('\n    ')}\n    ${violation.detail.replace(/\s+/g, ' ')}`,
  );
}
