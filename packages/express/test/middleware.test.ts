import { createTestDelivery } from "@heron-webhooks/core/testing";
import { heronWebhooks } from "@heron-webhooks/express";
import { afterEach, describe, expect, it } from "vitest";
import { majors, type RunningServer, recordExpressErrors, recorder, serve } from "./helpers.js";

const secret = "whsec_express_test";

describe.each(majors)("$name: mounting and errors", ({ express }) => {
  let served: RunningServer | undefined;
  afterEach(() => served?.close());

  it('handles the route it is mounted on with app.post("/webhooks/heron", ...)', async () => {
    const recorded = recorder();
    const app = express();
    app.post("/webhooks/heron", heronWebhooks({ secret, on: recorded.handlers.on }));
    app.get("/health", (_req, res) => void res.send("fine"));
    served = await serve(app);

    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
    const response = await fetch(`${served.url}/webhooks/heron`, { method: "POST", ...delivery });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(recorded.events).toEqual([JSON.parse(delivery.body)]);
    expect(await (await fetch(`${served.url}/health`)).text()).toBe("fine");
  });

  it("with `path`, handles that path and passes every other request to next()", async () => {
    const recorded = recorder();
    const app = express();
    app.use(heronWebhooks({ secret, path: "/webhooks/heron", ...recorded.handlers }));
    app.post("/orders", (_req, res) => void res.send("orders route"));
    served = await serve(app);

    const delivery = await createTestDelivery({ topic: "pdf.processed", secret });
    const other = await fetch(`${served.url}/orders`, { method: "POST", ...delivery });
    expect(await other.text()).toBe("orders route");
    expect(recorded.events).toEqual([]);

    const hook = await fetch(`${served.url}/webhooks/heron?attempt=2`, {
      method: "POST",
      ...delivery,
    });
    expect(hook.status).toBe(200);
    expect(recorded.events).toHaveLength(1);
    expect(recorded.errors).toEqual([]);
  });

  it("matches `path` relative to where the middleware is mounted, as Express does", async () => {
    const recorded = recorder();
    const app = express();
    app.use("/api", heronWebhooks({ secret, path: "/heron", ...recorded.handlers }));
    served = await serve(app);

    const delivery = await createTestDelivery({ topic: "pdf.processed", secret });
    const response = await fetch(`${served.url}/api/heron`, { method: "POST", ...delivery });
    expect(response.status).toBe(200);
    expect(recorded.events).toHaveLength(1);
  });

  it("answers a throwing handler with 500 itself: onError gets it, Express's error handler does not", async () => {
    const recorded = recorder();
    const app = express();
    app.post(
      "/webhooks/heron",
      heronWebhooks({
        secret,
        on: {
          "pdf.failed": () => {
            throw new Error("database down at 10.0.0.7");
          },
        },
        onError: recorded.handlers.onError,
      }),
    );
    recordExpressErrors(app, recorded);
    served = await serve(app);

    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
    const response = await fetch(`${served.url}/webhooks/heron`, { method: "POST", ...delivery });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":"HANDLER_FAILED"}');
    expect(recorded.errors.map((error) => error.code)).toEqual(["HANDLER_FAILED"]);
    expect(recorded.expressErrors).toEqual([]);
  });

  it("answers a bad signature with 401 itself, without Express's error handler", async () => {
    const recorded = recorder();
    const app = express();
    app.post("/webhooks/heron", heronWebhooks({ secret, ...recorded.handlers }));
    recordExpressErrors(app, recorded);
    served = await serve(app);

    const delivery = await createTestDelivery({ topic: "pdf.failed", secret: "someone else" });
    const response = await fetch(`${served.url}/webhooks/heron`, { method: "POST", ...delivery });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "SIGNATURE_MISMATCH" });
    expect(recorded.events).toEqual([]);
    expect(recorded.expressErrors).toEqual([]);
  });
});
