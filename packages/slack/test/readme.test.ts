import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderSamples } from "./readme-samples.js";

const readmeUrl = new URL("../README.md", import.meta.url);
const read = (url: URL) => readFileSync(url, "utf8");
const START = "<!-- samples:start -->\n";
const END = "\n<!-- samples:end -->";

describe("packages/slack/README.md", () => {
  it("opens with examples/slack/server.js", () => {
    const [first] = read(readmeUrl).matchAll(/```(?:js|javascript)\n([\s\S]*?)```/g);
    expect(first?.[1]?.trim()).toBe(
      read(new URL("../../../examples/slack/server.js", import.meta.url)).trim(),
    );
  });

  // `UPDATE_README=1 npx vitest run packages/slack/test/readme.test.ts` rewrites the samples.
  it("shows what toSlackMessage renders for every topic", () => {
    const readme = read(readmeUrl);
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const samples = renderSamples();
    if (process.env.UPDATE_README === "1") {
      writeFileSync(readmeUrl, readme.slice(0, start + START.length) + samples + readme.slice(end));
    }
    expect(read(readmeUrl).slice(start + START.length, read(readmeUrl).indexOf(END))).toBe(samples);
  });
});
