// Each package README opens with its example's files, so the quickstart is code the example tests run.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const quickstarts: Record<string, { example: string; files: string[] }> = {
  core: { example: "node-http", files: ["server.js"] },
  express: { example: "express", files: ["server.js"] },
  fastify: { example: "fastify", files: ["server.js"] },
  koa: { example: "koa", files: ["server.js"] },
  hono: { example: "hono", files: ["app.js", "server.js"] },
  sqlite: { example: "inbox", files: ["server.js"] },
  postgres: { example: "inbox-postgres", files: ["webhooks.js", "receiver.js", "worker.js"] },
};

function read(path: string): string {
  return readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
}

describe.each(Object.entries(quickstarts))("packages/%s/README.md", (pkg, { example, files }) => {
  it(`opens with examples/${example}/{${files.join(",")}}`, () => {
    const blocks = [
      ...read(`packages/${pkg}/README.md`).matchAll(/```(?:js|javascript)\n([\s\S]*?)```/g),
    ];
    const opening = blocks.slice(0, files.length).map((block) => block[1]?.trim());
    expect(opening).toEqual(files.map((file) => read(`examples/${example}/${file}`).trim()));
  });
});
