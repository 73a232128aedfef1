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
