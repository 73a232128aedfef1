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
  try {
    return sqliteInbox({ path: file });
  } catch (error) {
    // Such as Node 20, which has no node:sqlite: the store's message says what to do.
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
}

/** Opens the store a `--store` URL names. */
export function openStore(url: string | undefined): Promise<InboxStore> {
  if (url === undefined)
    throw usageError("--store URL is required, e.g. --store sqlite:heron-inbox.sqlite");
  if (url.startsWith("sqlite:"))
    return openSqlite(url.slice("sqlite:".length).replace(/^\/\//, ""));
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? "it";
  throw usageError(
    `--store ${scheme === "it" ? "has no scheme" : `${scheme} is not supported`}: use sqlite:PATH`,
  );
}
