// Each package README opens with its example's server.js, so the quickstart is code the example tests run.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const quickstarts = {
  core: "node-http",
  express: "express",
  fastify: "fastify",
  koa: "koa",
  hono: "hono",
};

function read(path: string): string {
  return readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
}

describe.each(Object.entries(quickstarts))("packages/%s/README.md", (pkg, example) => {
  it(`opens with examples/${example}/server.js`, () => {
    const firstBlock = /```(?:js|javascript)\n([\s\S]*?)```/.exec(read(`packages/${pkg}/README.md`))?.[1];
    expect(firstBlock?.trim()).toBe(read(`examples/${example}/server.js`).trim());
  });
});
