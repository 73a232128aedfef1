import { createApp } from "./app.js";

let app;

export default {
  fetch(request, env, ctx) {
    // Workers pass the secret in `env` with each request: build the app once, on the first.
    app ??= createApp(env.HERON_WEBHOOK_SECRET);
    return app.fetch(request, env, ctx);
  },
};
