import {
  constructEvent,
  createWebhooks,
  findMatchingSecret,
  sign,
  verifySignature,
  type WebhookSecret,
} from "@heron-webhooks/core";
import { describe, expect, it } from "vitest";
import { rejectionOf, thrownBy } from "./support/errors.js";

const body = '{"topic":"end_user.processed","created":"2021-05-20T09:23:53+00:00","data":{}}';
const oldSecret = "sec_old_2f8a9c1d7e";
const newSecret = "sec_new_b41e07aa93";

describe("secret rotation", () => {
  it("findMatchingSecret gives the index of the secret that signed", async () => {
    const rotation = [newSecret, oldSecret];
    expect(await findMatchingSecret(body, await sign(body, newSecret), rotation)).toBe(0);
    expect(await findMatchingSecret(body, await sign(body, oldSecret), rotation)).toBe(1);
    expect(await findMatchingSecret(body, await sign(body, "sec_other"), rotation)).toBe(-1);
    expect(await findMatchingSecret(body, await sign(body, oldSecret), oldSecret)).toBe(0);
  });

  it("verifySignature and constructEvent accept any secret of the list", async () => {
    for (const secret of [oldSecret, newSecret]) {
      const signature = await sign(body, secret);
      expect(await verifySignature(body, signature, [newSecret, oldSecret])).toBe(true);
      await expect(constructEvent(body, signature, [newSecret, oldSecret])).resolves.toMatchObject({
        topic: "end_user.processed",
      });
    }
  });

  it("sees a list changed in place", async () => {
    const rotation = [newSecret, oldSecret];
    const signature = await sign(body, oldSecret);
    expect(await findMatchingSecret(body, signature, rotation)).toBe(1);
    rotation.pop();
    expect(await findMatchingSecret(body, signature, rotation)).toBe(-1);
  });
});

describe("unusable secrets", () => {
  const unusable: [string, unknown][] = [
    ["empty", ""],
    ["spaces", "   "],
    ["tabs and newlines", "\t\r\n"],
    ["an empty list", []],
    ["a list with an empty secret", [newSecret, ""]],
    ["a list with a whitespace secret", [" \n", newSecret]],
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
  ];

  it.each(unusable)("createWebhooks rejects %s with INVALID_CONFIG", (_name, secret) => {
    const error = thrownBy(() => createWebhooks({ secret: secret as WebhookSecret }));
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.status).toBe(500);
    expect(error.message).toMatch(/secret/);
    expect(error.message).not.toContain(newSecret);
  });

  it("the message says which secret of a list is wrong", () => {
    expect(thrownBy(() => createWebhooks({ secret: [newSecret, " "] })).message).toContain(
      "secret[1]",
    );
  });

  it.each(unusable)("constructEvent rejects %s with INVALID_CONFIG", async (_name, secret) => {
    const error = await rejectionOf(
      constructEvent(body, await sign(body, newSecret), secret as WebhookSecret),
    );
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.message).not.toContain(newSecret);
  });

  it.each(unusable)(
    "verifySignature answers false for %s, without throwing",
    async (_name, secret) => {
      expect(
        await verifySignature(body, await sign(body, newSecret), secret as WebhookSecret),
      ).toBe(false);
    },
  );

  it("sign refuses an empty secret", async () => {
    expect((await rejectionOf(sign(body, " "))).code).toBe("INVALID_CONFIG");
  });

  it.each([0, -1, 1.5, Number.NaN])("createWebhooks rejects maxBodyBytes %s", (maxBodyBytes) => {
    expect(thrownBy(() => createWebhooks({ secret: newSecret, maxBodyBytes })).code).toBe(
      "INVALID_CONFIG",
    );
  });
});

describe("a secret padded with whitespace", () => {
  it.each(["sec_env\n", " sec_env", "sec_env\r\n"])(
    "createWebhooks refuses %j, saying to trim it",
    (secret) => {
      const error = thrownBy(() => createWebhooks({ secret }));
      expect(error).toMatchObject({ code: "INVALID_CONFIG" });
      expect(error.message).toMatch(/leading or trailing whitespace.*trim it/);
      expect(error.message).not.toContain(secret.trim());
    },
  );

  it("names which secret of a rotation list is padded", () => {
    const error = thrownBy(() => createWebhooks({ secret: [oldSecret, `${newSecret}\n`] }));
    expect(error.message).toMatch(/^`secret\[1\]` has leading or trailing whitespace/);
  });
});
