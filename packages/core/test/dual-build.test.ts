import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { distFile } from "./support/dist.js";

type Core = typeof import("@heron-webhooks/core");

const require = createRequire(import.meta.url);

async function builds(): Promise<Record<string, Core>> {
  return {
    "ESM node": (await import(pathToFileURL(distFile("index.node.js")).href)) as Core,
    "CJS node": require(distFile("index.node.cjs")) as Core,
    "ESM web": (await import(pathToFileURL(distFile("index.web.js")).href)) as Core,
    "CJS web": require(distFile("index.web.cjs")) as Core,
  };
}

describe("HeronWebhookError across builds", () => {
  it("the builds are distinct copies of the class", async () => {
    const [esm, cjs] = Object.values(await builds()) as [Core, Core];
    expect(esm.HeronWebhookError).not.toBe(cjs.HeronWebhookError);
  });

  it("an error from any build is an instance of every build's class", async () => {
    const all = Object.entries(await builds());
    for (const [thrower, core] of all) {
      const error = await core.constructEvent("{}", undefined, "sec_dual").catch((e: unknown) => e);
      for (const [checker, other] of all) {
        expect(error instanceof other.HeronWebhookError, `${thrower} error, ${checker} class`).toBe(
          true,
        );
        expect(other.isHeronWebhookError(error)).toBe(true);
      }
      expect(error).toMatchObject({ code: "MISSING_SIGNATURE", status: 401 });
    }
  });

  it("other errors are not", async () => {
    for (const core of Object.values(await builds())) {
      const lookalike = Object.assign(new Error("x"), { name: "HeronWebhookError", code: "X" });
      expect(lookalike instanceof core.HeronWebhookError).toBe(false);
      expect(core.isHeronWebhookError(null)).toBe(false);
    }
  });
});

describe("@heron-webhooks/core/adapter", () => {
  // A fresh process per load: the entry alone must bring its runtime's crypto.
  const script = (load: string) => `
    ${load}
    const { resolveWebhooks, handleWebhookRequest } = adapter;
    const webhooks = resolveWebhooks({ secret: "sec_adapter" });
    root.sign('{"topic":"pdf.failed","created":"2026-08-14T12:24:38","data":{}}', "sec_adapter")
      .then((signature) => handleWebhookRequest(webhooks, {
        method: "POST",
        headers: { "heron-signature": signature },
        rawBody: '{"topic":"pdf.failed","created":"2026-08-14T12:24:38","data":{}}',
      }))
      .then((answer) => console.log(answer.status));
  `;
  const loads = {
    CJS: `const adapter = require(${JSON.stringify(distFile("adapter.node.cjs"))});
          const root = require(${JSON.stringify(distFile("index.node.cjs"))});`,
    ESM: `const adapter = await import(${JSON.stringify(pathToFileURL(distFile("adapter.node.js")).href)});
          const root = await import(${JSON.stringify(pathToFileURL(distFile("index.node.js")).href)});`,
  };

  it.each(Object.entries(loads))(
    "%s: the subpath verifies with the root's crypto",
    (kind, load) => {
      const args = kind === "ESM" ? ["--input-type=module", "-e"] : ["-e"];
      const out = execFileSync(process.execPath, [...args, script(load)], { encoding: "utf8" });
      expect(out.trim().split(" ")[0]).toBe("200");
    },
  );

  it("the root and the subpath of one format share their modules (one crypto backend)", () => {
    const shared = (entry: string) =>
      [...readFileSync(distFile(entry), "utf8").matchAll(/(chunk-[\w-]+\.c?js)/g)].map((m) => m[1]);
    for (const format of ["js", "cjs"]) {
      const rootChunks = shared(`index.node.${format}`);
      expect(rootChunks.length).toBeGreaterThan(0);
      expect(shared(`adapter.node.${format}`)).toEqual(expect.arrayContaining(rootChunks));
    }
  });
});
