import { it } from "vitest";
import type { ConformanceOptions, StartServer } from "./options.js";
import type { Recorder } from "./recorder.js";
import { ROWS, type RowId } from "./rows.js";

export const DEFAULT_PATH = "/webhooks/heron";

/** What every group of rows registers its tests through. */
export interface Suite {
  readonly options: ConformanceOptions;
  /** Registers a test for a row; `detail` tells several tests of one row apart. */
  row(id: RowId, detail: string | undefined, test: () => Promise<void>): void;
  /** Starts a server running `recorder.webhooks`, gives `test` the webhook URL, always closes it. */
  serve<T>(
    recorder: Recorder,
    test: (endpoint: string) => Promise<T>,
    start?: StartServer,
  ): Promise<T>;
}

export function createSuite(options: ConformanceOptions): Suite {
  const path = options.path ?? DEFAULT_PATH;
  return {
    options,
    row(id, detail, test) {
      const name = detail ? `${ROWS[id]} (${detail})` : ROWS[id];
      const reason = options.skip?.[id];
      if (reason) it.skip(`${name} [skipped: ${reason}]`, test);
      else it(name, test);
    },
    async serve(recorder, test, start = options.start) {
      const server = await start({ webhooks: recorder.webhooks, path });
      try {
        return await test(`${server.url}${path}`);
      } finally {
        await server.close();
      }
    },
  };
}
