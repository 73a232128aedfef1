import { createHash } from "node:crypto";
import { HeronWebhookError } from "@heron-webhooks/core";

// Plain, unquoted-style names only: they are spliced into SQL (quoted), never taken from a request.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const MAX_IDENTIFIER_BYTES = 63;

/** The quoted, schema-qualified names of everything the store owns in the database. */
export interface InboxNames {
  readonly schema: string;
  readonly table: string;
  /** `"schema"."table"`. */
  readonly deliveries: string;
  readonly migrations: string;
  /** The LISTEN/NOTIFY channel (an unquoted value: pass it to pg_notify, quote it for LISTEN). */
  readonly channel: string;
  /** Key of the advisory lock that serialises migrations of this table. */
  readonly lockKey: string;
  quote(name: string): string;
}

function checkIdentifier(option: string, value: string): string {
  if (!IDENTIFIER.test(value)) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      `postgresInbox: \`${option}\` must be a letter or underscore followed by up to 62 letters, digits or underscores.`,
    );
  }
  return value;
}

function quote(name: string): string {
  return `"${name}"`;
}

export function inboxNames(schema: string, table: string): InboxNames {
  checkIdentifier("schema", schema);
  checkIdentifier("table", table);
  // A table name leaves room for the suffix of its companion tables and indexes.
  if (table.length > MAX_IDENTIFIER_BYTES - "_migrations".length) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      `postgresInbox: \`table\` must be at most ${MAX_IDENTIFIER_BYTES - "_migrations".length} characters.`,
    );
  }
  const qualified = `${schema}.${table}`;
  const readable = `heron_inbox.${qualified}`;
  return {
    schema,
    table,
    deliveries: `${quote(schema)}.${quote(table)}`,
    migrations: `${quote(schema)}.${quote(`${table}_migrations`)}`,
    channel:
      readable.length <= MAX_IDENTIFIER_BYTES
        ? readable
        : `heron_inbox.${createHash("sha256").update(qualified).digest("hex").slice(0, 40)}`,
    lockKey: `@heron-webhooks/postgres:${qualified}`,
    quote,
  };
}
