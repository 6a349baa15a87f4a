/** What one benchmark reports: its measurements and the ratio against a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  /** What is compared with what, in one sentence. */
  question: string;
  /** Markdown table rows: label → value. */
  rows: [string, string][];
  ratio: { label: string; value: number };
}

export type Bench = () => Promise<BenchResult>;
