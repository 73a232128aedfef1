// The runs log of a multi-process test: each worker's handler appends "<ms> <pid> <delivery> <handler>"
// as it starts (a line "<ms> <pid> - <what>" marks something else of that worker), and every run
// that was not the one that counted must have been cut, by a kill -9 or by the outage.
import { readFileSync } from "node:fs";

export interface Run {
  readonly at: number;
  readonly pid: number;
}

export function readRuns(runsLog: string): {
  /** Each handler's runs on each delivery, by "<delivery> <handler>", in the order they started. */
  runs: Map<string, Run[]>;
  /** The "-" lines, as `what` of that pid at that time. */
  marks: (Run & { what: string })[];
} {
  const runs = new Map<string, Run[]>();
  const marks: (Run & { what: string })[] = [];
  for (const line of readFileSync(runsLog, "utf8").split("\n")) {
    if (!line) continue;
    const [at, pid, id, handler] = line.split(" ");
    if (id === "-") {
      marks.push({ at: Number(at), pid: Number(pid), what: handler ?? "" });
      continue;
    }
    const key = `${id} ${handler}`;
    runs.set(key, [...(runs.get(key) ?? []), { at: Number(at), pid: Number(pid) }]);
  }
  return { runs, marks };
}

export interface Reruns {
  readonly afterKill: number;
  readonly afterOutage: number;
  /** One line a run that neither a kill nor the outage explains. */
  readonly unexplained: string[];
  readonly total: number;
}

export function tallyReruns(
  runs: ReadonlyMap<string, readonly Run[]>,
  options: {
    readonly killed: ReadonlySet<number>;
    /** Which of a handler's runs counted (committed, or the last). */
    counted(key: string, attempts: readonly Run[]): number;
    /** Whether the outage explains a run's being cut. */
    cutByOutage(run: Run): boolean;
    describe(key: string, run: Run, attempts: readonly Run[]): string;
  },
): Reruns {
  let afterKill = 0;
  let afterOutage = 0;
  let total = 0;
  const unexplained: string[] = [];
  for (const [key, attempts] of runs) {
    total += attempts.length;
    const counted = options.counted(key, attempts);
    attempts.forEach((run, index) => {
      if (index === counted) return;
      if (options.killed.has(run.pid)) afterKill += 1;
      else if (options.cutByOutage(run)) afterOutage += 1;
      else unexplained.push(options.describe(key, run, attempts));
    });
  }
  return { afterKill, afterOutage, unexplained, total };
}
