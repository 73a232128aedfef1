// How deep a signed body may nest: deeper than 512 levels is a 400 INVALID_JSON, before any handler sees it.
import { constructEvent, sign } from "@heron-webhooks/core";
import { describe, expect, it } from "vitest";
import { rejectionOf } from "./support/errors.js";

const secret = "sec_depth";
const CREATED = "2026-08-14T12:24:38.137886";

/** An envelope whose `meta` is `meta` (raw JSON). */
function envelope(meta: string): string {
  return `{"topic":"end_user.processed","created":"${CREATED}","data":{"heron_id":"eus_1","end_user_id":"u","status":"processed"},"meta":${meta}}`;
}

/** `meta` nested so the whole body is `depth` levels deep (the envelope is one level). */
function nested(depth: number, kind: "arrays" | "objects" | "mixed"): string {
  const levels = depth - 1;
  let open = "";
  let close = "";
  for (let level = 0; level < levels; level++) {
    const array = kind === "arrays" || (kind === "mixed" && level % 2 === 0);
    open += array ? "[" : '{"k":';
    close = (array ? "]" : "}") + close;
  }
  return envelope(`${open}0${close}`);
}

async function construct(body: string) {
  return constructEvent(body, await sign(body, secret), secret, { maxBodyBytes: 8 * 1024 * 1024 });
}

describe("nesting depth", () => {
  for (const kind of ["arrays", "objects", "mixed"] as const) {
    it(`accepts a body 512 levels deep and refuses 513 (${kind})`, async () => {
      await expect(construct(nested(512, kind))).resolves.toMatchObject({
        topic: "end_user.processed",
      });
      const error = await rejectionOf(construct(nested(513, kind)));
      expect(error.code).toBe("INVALID_JSON");
      expect(error.status).toBe(400);
      expect(error.message).toBe("The body nests arrays or objects more than 512 levels deep.");
    });
  }

  it("refuses 100 000 levels without overflowing the stack", async () => {
    const error = await rejectionOf(
      construct(envelope(`${"[".repeat(100_000)}${"]".repeat(100_000)}`)),
    );
    expect(error.code).toBe("INVALID_JSON");
  });

  it("accepts many brackets side by side: breadth is not depth", async () => {
    const wide = `[${Array.from({ length: 20_000 }, () => '{"a":[1]}').join(",")}]`;
    await expect(construct(envelope(wide))).resolves.toMatchObject({ meta: { length: 20_000 } });
  });

  it("ends a string only at a quote after an even run of backslashes", async () => {
    // `"\\"` is a string holding one backslash: the quote after it closes the string.
    const event = await construct(envelope(`["\\\\", ${"[".repeat(510)}${"]".repeat(510)}]`));
    expect(event.meta).toHaveLength(2);
    const error = await rejectionOf(
      construct(envelope(`["\\\\", ${"[".repeat(511)}${"]".repeat(511)}]`)),
    );
    expect(error.code).toBe("INVALID_JSON");
  });

  it("does not count brackets inside strings, escaped quotes included", async () => {
    const text = JSON.stringify(`${'[{\\"'.repeat(2_000)}`);
    const event = await construct(envelope(`[${text}]`));
    expect(event.meta).toEqual([JSON.parse(text)]);
  });
});
