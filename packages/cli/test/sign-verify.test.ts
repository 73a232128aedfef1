// sign and verify against Heron's reference vectors, with the bin on every Node users run.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeRuntimes } from "../../../scripts/node-runtimes.mjs";
import { loadVectors, type Vector } from "../../core/test/support/vectors.js";
import { cli, linesOf } from "./support/cli.js";

const vectors = loadVectors();
const directory = mkdtempSync(join(tmpdir(), "heron-cli-vectors-"));
const files = vectors.map((vector, index) => {
  const file = join(directory, `vector-${index}.json`);
  writeFileSync(file, vector.body);
  return file;
});

type Case = Vector & { file: string };
const cases: Case[] = vectors.map((vector, index) => ({ ...vector, file: files[index] as string }));
// Every vector on the Node that runs the tests; on the newer ones, one of each kind (valid, mismatch, malformed).
const runtimes = nodeRuntimes().map((runtime, index) => ({
  ...runtime,
  cases:
    index === 0
      ? cases
      : [
          cases.find((each) => each.valid),
          cases.find((each) => each.name === "wrong secret"),
          cases.find((each) => each.name.startsWith("hex")),
        ].filter((each): each is Case => each !== undefined),
}));

describe.each(runtimes)("sign and verify on Node $version", ({ binary: node, cases }) => {
  it.concurrent.each(cases)("$name", async ({ file, secret, signature, valid, name }) => {
    const verified = await cli(["verify", file, "--signature", signature, "--secret", secret], {
      node,
    });
    expect(verified.stderr).toBe("");
    expect(verified.code).toBe(valid ? 0 : 1);
    if (valid) {
      expect(verified.stdout).toBe("valid: signed with the secret\n");
      const signed = await cli(["sign", file, "--secret", secret], { node });
      expect(signed).toEqual({ code: 0, stdout: `${signature}\n`, stderr: "" });
    } else {
      const reason = name.startsWith("hex") ? "MALFORMED_SIGNATURE" : "SIGNATURE_MISMATCH";
      expect(verified.stdout).toMatch(new RegExp(`^invalid: ${reason}: `));
    }
  });

  it("signs and verifies stdin, and - as stdin", async () => {
    const [vector] = vectors.filter((each) => each.valid) as [(typeof vectors)[number]];
    const env = { HERON_WEBHOOK_SECRET: vector.secret };
    const signed = await cli(["sign"], { node, env, input: vector.body });
    expect(signed.stdout).toBe(`${vector.signature}\n`);
    const verified = await cli(["verify", "-", "--signature", vector.signature], {
      node,
      env,
      input: vector.body,
    });
    expect(verified).toEqual({ code: 0, stdout: "valid: signed with the secret\n", stderr: "" });
  });
});

describe("verify's verdicts", () => {
  const [vector] = vectors.filter((each) => each.valid) as [(typeof vectors)[number]];
  const file = files[vectors.indexOf(vector)] as string;

  it("says which of several secrets matched", async () => {
    const args = ["verify", file, "--signature", vector.signature, "--secret", "sec_new"];
    const run = await cli([...args, "--secret", vector.secret]);
    expect(run).toEqual({ code: 0, stdout: "valid: signed with secret #2 of 2\n", stderr: "" });
    const json = await cli([...args, "--secret", vector.secret, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, secretIndex: 1 });
  });

  it("says when only the body without JSON whitespace matched", async () => {
    const pretty = join(directory, "pretty.json");
    writeFileSync(pretty, JSON.stringify(JSON.parse(vector.body), null, 2));
    const args = ["verify", pretty, "--signature", vector.signature, "--secret", vector.secret];
    const run = await cli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^valid: signed with the secret, once JSON whitespace is removed/);
    const json = JSON.parse((await cli([...args, "--json"])).stdout);
    expect(json).toEqual({
      valid: true,
      error: null,
      message: null,
      secretIndex: 0,
      whitespaceNormalized: true,
      topic: JSON.parse(vector.body).topic,
    });
  });

  it("says a mismatch is a mismatch, as JSON too", async () => {
    const args = ["verify", file, "--signature", vector.signature, "--secret", "sec_other"];
    const run = await cli(args);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^invalid: SIGNATURE_MISMATCH: .*secret/);
    const json = JSON.parse((await cli([...args, "--json"])).stdout);
    expect(json).toMatchObject({ valid: false, error: "SIGNATURE_MISMATCH", secretIndex: null });
  });

  it("says when the signature is empty or malformed", async () => {
    const empty = await cli(["verify", file, "--signature", "", "--secret", vector.secret]);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/^invalid: MISSING_SIGNATURE: /);
    const hex = await cli(["verify", file, "--signature", "abc123", "--secret", vector.secret]);
    expect(hex.code).toBe(1);
    expect(hex.stdout).toMatch(/^invalid: MALFORMED_SIGNATURE: /);
  });

  it("says when the signature matches a body that is not a Heron event", async () => {
    const text = join(directory, "text.txt");
    writeFileSync(text, "hello");
    const signature = linesOf((await cli(["sign", text, "--secret", "s"])).stdout)[0] as string;
    const run = await cli(["verify", text, "--signature", signature, "--secret", "s"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^invalid: INVALID_JSON: the signature matches, but /);
  });

  it("checks a body of any size, however large", async () => {
    const big = join(directory, "big.json");
    const body = JSON.stringify({
      topic: "pdf.failed",
      created: "2026-01-01T00:00:00Z",
      data: { pad: "x".repeat(2 ** 21) },
    });
    writeFileSync(big, body);
    const signature = linesOf((await cli(["sign", big, "--secret", "s"])).stdout)[0] as string;
    const run = await cli(["verify", big, "--signature", signature, "--secret", "s"]);
    expect(run).toEqual({ code: 0, stdout: "valid: signed with the secret\n", stderr: "" });
  });
});
