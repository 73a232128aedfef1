// The README shows each command's real --help, and its quickstart runs as written.
import { readFileSync } from "node:fs";
import { KNOWN_TOPICS } from "@heron-webhooks/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startExample } from "../../../scripts/start-example.mjs";
import { cli, linesOf } from "./support/cli.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
// The sh block that starts an example and triggers every topic at it.
const block =
  /```sh\n(HERON_WEBHOOK_SECRET=(\S+) PORT=3000 node examples\/node-http\/server\.js &\n)npx @heron-webhooks\/cli (trigger all .*)\n```/.exec(
    readme,
  );

describe("packages/cli/README.md", () => {
  it.each([
    [],
    ...["trigger", "listen", "send", "sign", "verify", "inbox"].map((command) => [command]),
  ])("shows heron-webhooks %s --help as it prints", async (...command) => {
    const run = await cli([...command, "--help"]);
    expect(run.code).toBe(0);
    const shown = ["$ heron-webhooks", ...command, "--help"].join(" ");
    expect(readme).toContain(`\`\`\`text\n${shown}\n${run.stdout}\`\`\``);
  });

  it("is the quickstart of the root README too", () => {
    const root = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const command = `npx @heron-webhooks/cli ${block?.[3]}`;
    expect(root).toContain(`\`\`\`sh\n${command}\n\`\`\``);
    expect(root).toContain("`HERON_WEBHOOK_SECRET=whsec_test node examples/node-http/server.js`");
  });

  describe("the quickstart", () => {
    let app: ReturnType<typeof startExample>;
    beforeAll(() => {
      expect(block, "the quickstart's sh block").not.toBeNull();
      app = startExample("node-http", block?.[2] as string);
    });
    afterAll(() => app?.stop());

    it("delivers every topic to examples/node-http, printing what the README shows", async () => {
      const url = await app.url;
      const args = String(block?.[3])
        .replace("http://127.0.0.1:3000/webhooks/heron", url)
        .split(" ");
      const run = await cli(args);
      expect(run.code).toBe(0);
      const lines = linesOf(run.stdout);
      expect(lines).toHaveLength(KNOWN_TOPICS.length + 1);
      // The README's output, times aside.
      const shown = /```text\n(✓ 200 [\s\S]*?)```/.exec(readme)?.[1] as string;
      const pattern = (line: string) => line.replace(/ +[\d.]+ ms/g, " ms");
      for (const line of linesOf(shown).filter((each) => each !== "…")) {
        expect(lines.map(pattern)).toContain(pattern(line));
      }
    });
  });
});
