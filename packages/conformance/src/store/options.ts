import type { HandlerContextExtras, InboxStore } from "@heron-webhooks/core/store";
import type { StoreRowId } from "./rows.js";

/** A fresh, empty store for one test, and how to release it. */
export interface StoreFixture {
  store: InboxStore;
  /** Called after the test, pass or fail: drop the database, close connections. */
  close?(): Promise<void>;
}

/**
 * For a store with `runHandlerAtomically`: how a handler writes through the `extras` it gets
 * (e.g. an insert on `extras.db`), and how to read back what committed.
 */
export interface AtomicWrites<Fixture extends StoreFixture> {
  write(extras: HandlerContextExtras, value: string): Promise<void> | void;
  read(fixture: Fixture): Promise<readonly string[]>;
}

export interface StoreConformanceOptions<Fixture extends StoreFixture = StoreFixture> {
  /** Shown in the test names, e.g. `"sqlite"`. */
  name: string;
  /** Makes a fresh, empty store; called once per test. */
  create(): Promise<Fixture> | Fixture;
  /** Checks that a handler's writes commit and roll back with `runHandlerAtomically`. */
  atomicWrites?: AtomicWrites<Fixture>;
  /**
   * For a durable store: opens the same storage again, as a restarted process would (the suite then
   * closes the reopened fixture). Without it, the `reopen` row is skipped.
   */
  reopen?(fixture: Fixture): Promise<Fixture>;
  /** Rows your store cannot support, with the reason; they show as skipped, not passed. */
  skip?: Partial<Record<StoreRowId, string>>;
  /** Random command sequences the model-based row runs. Default 30. */
  modelRuns?: number;
}
