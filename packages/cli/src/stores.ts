import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { InboxStore } from "@heron-webhooks/core/store";
import { CliError, usageError } from "./errors.js";

/**
 * A store package, from the project in the working directory first (where the app that uses the
 * store has it installed), else from beside this CLI. Loaded only here, so --help stays fast.
 */
async function importStorePackage(name: string): Promise<Record<string, unknown>> {
  const fromProject = createRequire(join(process.cwd(), "package.json"));
  try {
    return await import(pathToFileURL(fromProject.resolve(name)).href);
  } catch {
    // Not in the project: try beside the CLI.
  }
  try {
    return await import(name);
  } catch {
    throw usageError(
      `${name} is not installed: npm install --save-dev ${name} (in the project, or next to @heron-webhooks/cli)`,
    );
  }
}

/**
 * Node 22 warns on stderr, at every run, that node:sqlite is experimental (24 and 26 do not): that
 * would make every answer of this tool two lines longer, and every error more than one line.
 */
function silenceSqliteWarning(): void {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: never[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.startsWith("SQLite is an experimental feature")) return;
    emitWarning.call(process, warning, ...rest);
  }) as typeof process.emitWarning;
}

/** `sqlite:PATH`: the inbox file an app opened with sqliteInbox({ path }). */
async function openSqlite(path: string): Promise<InboxStore> {
  if (path === "")
    throw usageError("--store sqlite: needs the database file, e.g. sqlite:heron-inbox.sqlite");
  const file = resolve(path);
  // sqliteInbox creates a missing file; an operator's typo should not make an empty inbox.
  if (!existsSync(file)) throw usageError(`no inbox at ${file}`);
  const { sqliteInbox } = (await importStorePackage("@heron-webhooks/sqlite")) as {
    sqliteInbox: (options: { path: string }) => InboxStore;
  };
  silenceSqliteWarning();
  // On Node 20, which has no node:sqlite, the store's message says what to do.
  return opened(() => sqliteInbox({ path: file }));
}

/** Where a store's own options come from: `--schema`, `--table` (Postgres), `--prefix` (Redis). */
export interface StoreOptions {
  readonly schema?: string;
  readonly table?: string;
  readonly prefix?: string;
}

function only(
  scheme: string,
  options: StoreOptions,
  allowed: readonly (keyof StoreOptions)[],
): void {
  const given = (Object.keys(options) as (keyof StoreOptions)[]).filter(
    (name) => options[name] !== undefined && !allowed.includes(name),
  );
  if (given.length > 0) throw usageError(`--${given[0]} is not an option of ${scheme} stores`);
}

/** The store's first refusal to open, as one line; never the URL, which may hold a password. */
function opened(store: () => InboxStore): InboxStore {
  try {
    return store();
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
}

/** Opens the store a `--store` URL names: sqlite:PATH, postgres://…, redis://…. */
export async function openStore(
  url: string | undefined,
  options: StoreOptions,
): Promise<InboxStore> {
  if (url === undefined)
    throw usageError("--store URL is required, e.g. --store sqlite:heron-inbox.sqlite");
  if (url.startsWith("sqlite:")) {
    only("sqlite:", options, []);
    return openSqlite(url.slice("sqlite:".length).replace(/^\/\//, ""));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    only("postgres://", options, ["schema", "table"]);
    const { postgresInbox } = (await importStorePackage("@heron-webhooks/postgres")) as {
      postgresInbox: (options: {
        connectionString: string;
        schema?: string;
        table?: string;
      }) => InboxStore;
    };
    return opened(() => postgresInbox({ connectionString: url, ...options }));
  }
  if (/^rediss?:\/\//.test(url)) {
    only("redis://", options, ["prefix"]);
    const { redisInbox } = (await importStorePackage("@heron-webhooks/redis")) as {
      redisInbox: (options: { connection: string; prefix?: string }) => InboxStore;
    };
    return opened(() => redisInbox({ connection: url, ...options }));
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
  throw usageError(
    `--store ${scheme ? `${scheme} is not supported` : "has no scheme"}: use sqlite:PATH, postgres://… or redis://…`,
  );
}
