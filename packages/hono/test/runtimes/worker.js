import { createApp } from "./app.js";

let app;

export default {
  fetch(request, env, ctx) {
    // Workers hand the secret over per request, in `env`: build the app once, on the first one.
    app ??= createApp(env.HERON_WEBHOOK_SECRET);
    return app.fetch(request, env, ctx);
  },
};
