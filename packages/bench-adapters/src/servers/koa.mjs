import { heronWebhooks } from "@heron-webhooks/koa";
import { PATH, SECRET } from "../delivery.mjs";
import { on, verifiedEvent } from "./by-hand.mjs";
import { listen } from "./listen.mjs";

export function handWritten(Koa) {
  const app = new Koa();
  app.use(async (ctx, next) => {
    if (ctx.method !== "POST" || ctx.path !== PATH) return next();
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const event = verifiedEvent(Buffer.concat(chunks), ctx.get("heron-signature"));
    ctx.status = event ? 200 : 401;
    ctx.body = event ? { ok: true } : { error: "INVALID_SIGNATURE" };
  });
  return listen(app.callback());
}

export function adapter(Koa) {
  const app = new Koa();
  app.use(heronWebhooks({ secret: SECRET, on, path: PATH }));
  return listen(app.callback());
}
