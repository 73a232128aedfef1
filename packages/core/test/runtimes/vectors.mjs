// Heron's reference vectors against core's build, on whichever runtime runs this file.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { bodyForms } from "../support/json.mjs";
import { check, finish } from "./harness.mjs";
import { core } from "./load-core.mjs";

const path = new URL("../fixtures/heron-reference.json", import.meta.url);
const vectors = JSON.parse(readFileSync(path, "utf8"));

await check("the vectors are all there", () => {
  assert.ok(vectors.length >= 14, `only ${vectors.length} vectors`);
  assert.ok(vectors.some((vector) => !vector.valid));
});

for (const vector of vectors) {
  await check(vector.name, async () => {
    for (const [form, body] of Object.entries(bodyForms(vector.body))) {
      const valid = await core.verifySignature(body, vector.signature, vector.secret);
      assert.equal(valid, vector.valid, `verifySignature over the body as ${form}`);
    }
    const construct = core.constructEvent(vector.body, vector.signature, vector.secret);
    if (vector.valid) {
      assert.deepEqual(await construct, JSON.parse(vector.body));
    } else {
      await assert.rejects(construct, (error) => {
        assert.ok(error instanceof core.HeronWebhookError);
        assert.equal(error.status, 401);
        return true;
      });
    }
  });
}

finish();
