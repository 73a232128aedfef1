import { constructEvent, findMatchingSecret, verifySignature } from "@heron-webhooks/core";
import { describe, expect, it } from "vitest";
import { bodyForms } from "./support/json.mjs";
import { loadVectors } from "./support/vectors.js";

const vectors = loadVectors();

describe("Heron's reference vectors", () => {
  it("are all there", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(14);
    expect(vectors.some((vector) => !vector.valid)).toBe(true);
  });

  describe.each(vectors)("$name", (vector) => {
    it.each(Object.entries(bodyForms(vector.body)))(
      `verifySignature gives ${vector.valid} for the body as %s`,
      async (_form, body) => {
        expect(await verifySignature(body, vector.signature, vector.secret)).toBe(vector.valid);
      },
    );

    if (vector.valid) {
      it("constructEvent returns the parsed body", async () => {
        const event = await constructEvent(vector.body, vector.signature, vector.secret);
        expect(event).toEqual(JSON.parse(vector.body));
      });

      it("verifies as the second secret of a rotation", async () => {
        const secrets = ["sec_another_secret", vector.secret];
        expect(await findMatchingSecret(vector.body, vector.signature, secrets)).toBe(1);
      });
    } else {
      it("constructEvent rejects it with a 401", async () => {
        await expect(
          constructEvent(vector.body, vector.signature, vector.secret),
        ).rejects.toMatchObject({ name: "HeronWebhookError", status: 401 });
      });
    }
  });
});
