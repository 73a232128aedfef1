import { HeronWebhookError } from "@heron-webhooks/core";

// SQLSTATE undefined_table and invalid_schema_name: the tables were never migrated.
const NOT_MIGRATED = new Set(["42P01", "3F000"]);

/** Turns "relation does not exist" into an error that says what to do; other errors pass through. */
export function explainMissingTables(tableName: string) {
  return (error: unknown): never => {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && NOT_MIGRATED.has(code)) {
      throw new HeronWebhookError(
        "INBOX_UNAVAILABLE",
        `The inbox table ${tableName} does not exist: run \`await inbox.migrate()\` once (at deploy or startup) before receiving or working.`,
        { cause: error },
      );
    }
    throw error;
  };
}
