import type { CliIo, Style } from "./io.js";
import { styleFor } from "./io.js";

/** How one delivery went: an HTTP answer, or a timeout (status null). */
export interface Outcome {
  /** What was sent: the topic, and for `send` the file. */
  readonly topic: string | null;
  readonly file?: string;
  readonly status: number | null;
  readonly ms: number;
  /** The receiver's error code (or an excerpt of its answer), TIMEOUT, or null on a 2xx. */
  readonly error: string | null;
}

const PROGRESS_FROM = 100;
const CLEAR_LINE = "\r\x1b[2K";

const round = (ms: number) => Math.round(ms * 10) / 10;
export const isAccepted = (outcome: Outcome) =>
  outcome.status !== null && outcome.status >= 200 && outcome.status < 300;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Prints a line per delivery and a summary (or JSON lines with `json`). On a terminal, with many
 * deliveries, accepted ones advance a progress line instead of printing a line each.
 */
export class Reporter {
  readonly #io: CliIo;
  readonly #json: boolean;
  readonly #style: Style;
  readonly #total: number;
  readonly #progress: boolean;
  readonly #outcomes: Outcome[] = [];
  #lastDrawn = 0;

  constructor(io: CliIo, options: { json: boolean; total: number }) {
    this.#io = io;
    this.#json = options.json;
    this.#total = options.total;
    this.#style = styleFor(io.stdout, io.env);
    this.#progress = !options.json && Boolean(io.stdout.isTTY) && options.total >= PROGRESS_FROM;
  }

  add(outcome: Outcome): void {
    this.#outcomes.push(outcome);
    const out = this.#io.stdout;
    if (this.#json) {
      const { topic, file, status, ms, error } = outcome;
      out.write(
        `${JSON.stringify({ type: "delivery", ...(file === undefined ? {} : { file }), topic, status, ms: round(ms), error })}\n`,
      );
      return;
    }
    if (!this.#progress) {
      out.write(`${this.#line(outcome)}\n`);
      return;
    }
    if (!isAccepted(outcome)) out.write(`${CLEAR_LINE}${this.#line(outcome)}\n`);
    const now = performance.now();
    if (now - this.#lastDrawn > 100 || this.#outcomes.length === this.#total) {
      this.#lastDrawn = now;
      const failed = this.#outcomes.filter((each) => !isAccepted(each)).length;
      out.write(
        `${CLEAR_LINE}${this.#style.dim(`${this.#outcomes.length}/${this.#total} sent, ${failed} failed`)}`,
      );
    }
  }

  #line({ topic, file, status, ms, error }: Outcome): string {
    const style = this.#style;
    const ok = status !== null && status >= 200 && status < 300;
    const mark = ok ? style.green("✓") : style.red("✗");
    const code = String(status ?? "---").padEnd(3);
    const what = [file, topic ?? "-"].filter((part) => part !== undefined).join("  ");
    const time = `${round(ms).toFixed(1)} ms`.padStart(10);
    return `${mark} ${ok ? code : style.red(code)} ${time}  ${what}${error ? `  ${style.red(error)}` : ""}`;
  }

  /** Prints the summary; true when every delivery was answered with a 2xx. */
  finish(): boolean {
    const outcomes = this.#outcomes;
    const accepted = outcomes.filter(isAccepted).length;
    const failed = outcomes.length - accepted;
    const times = outcomes.map((outcome) => outcome.ms);
    const medianMs = times.length ? round(median(times)) : 0;
    const maxMs = times.length ? round(Math.max(...times)) : 0;
    const out = this.#io.stdout;
    if (this.#json) {
      out.write(
        `${JSON.stringify({ type: "summary", sent: outcomes.length, accepted, failed, medianMs, maxMs })}\n`,
      );
    } else {
      const style = this.#style;
      const counts = `${accepted} accepted, ${failed ? style.red(`${failed} failed`) : "0 failed"}`;
      out.write(
        `${this.#progress ? "\n" : ""}${outcomes.length} sent: ${counts} (median ${medianMs} ms, max ${maxMs} ms)\n`,
      );
    }
    return failed === 0;
  }
}
