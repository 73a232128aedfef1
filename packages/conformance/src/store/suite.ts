import { it } from "vitest";
import type { StoreConformanceOptions, StoreFixture } from "./options.js";
import { STORE_ROWS, type StoreRowId } from "./rows.js";

/** What a row's test gets: the fixture, and a way to skip when the store lacks an optional method. */
export interface StoreTest<Fixture extends StoreFixture = StoreFixture> {
  fixture: Fixture;
  skip(reason: string): void;
}

export interface StoreSuite<Fixture extends StoreFixture = StoreFixture> {
  readonly options: StoreConformanceOptions<Fixture>;
  /** Registers a test for a row, with a fresh store that is always closed afterwards. */
  row(
    id: StoreRowId,
    detail: string | undefined,
    test: (t: StoreTest<Fixture>) => Promise<void>,
  ): void;
}

export function createStoreSuite<Fixture extends StoreFixture>(
  options: StoreConformanceOptions<Fixture>,
): StoreSuite<Fixture> {
  return {
    options,
    row(id, detail, test) {
      const name = detail ? `${STORE_ROWS[id]} (${detail})` : STORE_ROWS[id];
      const reason = options.skip?.[id];
      if (reason) {
        it.skip(`${name} [skipped: ${reason}]`, () => {});
        return;
      }
      it(name, async (context) => {
        const fixture = await options.create();
        try {
          await test({ fixture, skip: (why) => context.skip(why) });
        } finally {
          await fixture.close?.();
        }
      });
    },
  };
}
