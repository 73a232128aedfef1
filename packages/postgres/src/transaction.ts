import type { Pool, PoolClient } from "pg";

/**
 * Runs `work` in a transaction on one client of `pool`: COMMIT when it resolves with
 * `{ commit: true }`, ROLLBACK when it resolves with `{ commit: false }` or rejects (with what it
 * threw). A client whose connection failed is destroyed, never handed back to the pool half-open.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<{ readonly commit: boolean; readonly value: T }>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client whose connection drops emits "error"; unheard, it would crash the process.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    let outcome: { readonly commit: boolean; readonly value: T };
    try {
      outcome = await work(client);
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken ??= rollbackError;
      });
      throw error;
    }
    await client.query(outcome.commit ? "COMMIT" : "ROLLBACK");
    return outcome.value;
  } catch (error) {
    if (!isServerError(error)) broken ??= error as Error;
    throw error;
  } finally {
    if (!broken) client.removeListener("error", onError);
    client.release(broken);
  }
}

// An error the server answered with (a SQLSTATE) leaves the connection usable; anything else may not.
function isServerError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
}
