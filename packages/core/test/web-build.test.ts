import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { distFile } from "./support/dist.js";
import { bodyForms } from "./support/json.mjs";
import { loadVectors } from "./support/vectors.js";

type Core = typeof import("@heron-webhooks/core");

// The Web Crypto build, as Workers and browsers get it, run here under Node.
const web = (await import(pathToFileURL(distFile("index.web.js")).href)) as Core;

describe("the Web Crypto build passes Heron's reference vectors", () => {
  it.each(loadVectors())("$name", async (vector) => {
    for (const body of Object.values(bodyForms(vector.body))) {
      expect(await web.verifySignature(body, vector.signature, vector.secret)).toBe(vector.valid);
    }
    const construct = web.constructEvent(vector.body, vector.signature, vector.secret);
    if (vector.valid) expect(await construct).toEqual(JSON.parse(vector.body));
    else await expect(construct).rejects.toMatchObject({ status: 401 });
  });

  it("signs as the node:crypto build does", async () => {
    const node = (await import(pathToFileURL(distFile("index.node.js")).href)) as Core;
    const body = '{"topic":"pdf.failed","data":{"notes":"Café"}}';
    expect(await web.sign(body, "sec_web")).toBe(await node.sign(body, "sec_web"));
  });
});
