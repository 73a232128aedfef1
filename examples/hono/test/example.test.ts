import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../../../packages/hono/test/processes.js";
import { startWorkerd } from "../../../packages/hono/test/workerd.js";

// The example runs the BUILT adapter, as users install it: `npx tsup` in packages/core and packages/hono first.
const exampleDir = fileURLToPath(new URL("..", import.meta.url));
const bin = (path: string) => join(exampleDir, "node_modules", path);
const secret = "whsec_example";
let server: ServerProcess | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(body: string, headers: Record<string, string>): Promise<number> {
  if (!server) throw new Error("start the example first");
  const response = await fetch(`${server.url}/webhooks/heron`, { method: "POST", headers, body });
  await response.body?.cancel();
  return response.status;
}

describe.each([
  { runtime: "Node (npm start)", command: process.execPath, args: ["server.js"] },
  { runtime: "Bun", command: bin("@oven/bun-linux-x64/bin/bun"), args: ["bun.js"] },
  {
    runtime: "Deno",
    command: bin("@deno/linux-x64-glibc/deno"),
    args: ["run", "--no-prompt", "--allow-net", "--allow-env", "deno.js"],
  },
])("examples/hono on $runtime", ({ command, args }) => {
  it("prints each verified event as one JSON line and rejects a tampered one", async () => {
    server = await startServerProcess({
      command,
      args,
      cwd: exampleDir,
      env: { HERON_WEBHOOK_SECRET: secret, PORT: "0", DENO_NO_UPDATE_CHECK: "1" },
    });
    const delivery = await createTestDelivery({ topic: "transactions.deleted", secret });
    const unknown = await createTestDelivery({ topic: "bank_account.created", secret });

    expect(await post(delivery.body.replace("txn_", "txn-"), delivery.headers)).toBe(401);
    expect(await post(delivery.body, delivery.headers)).toBe(200);
    expect(await post(unknown.body, unknown.headers)).toBe(200);
    const lines = await server.stdoutLines(2);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      JSON.parse(delivery.body),
      JSON.parse(unknown.body),
    ]);
  });
});

describe("examples/hono on Cloudflare Workers (worker.js on workerd)", () => {
  it("answers signed and tampered deliveries", async () => {
    server = await startWorkerd(join(exampleDir, "worker.js"), { HERON_WEBHOOK_SECRET: secret });
    const delivery = await createTestDelivery({ topic: "pdf.processed", secret });

    expect(await post(delivery.body, delivery.headers)).toBe(200);
    expect(await post(delivery.body.replace("pdf_", "pdf-"), delivery.headers)).toBe(401);
  });
});

it("exits with a clear message when HERON_WEBHOOK_SECRET is missing", () => {
  const env = { ...process.env, PORT: "0" };
  delete env.HERON_WEBHOOK_SECRET;
  const result = spawnSync(process.execPath, ["server.js"], {
    cwd: exampleDir,
    env,
    encoding: "utf8",
  });

  expect(result.status).toBe(1);
  expect(result.stderr).toContain("Set HERON_WEBHOOK_SECRET");
});
