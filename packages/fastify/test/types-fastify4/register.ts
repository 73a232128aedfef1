// Type-checked with `fastify` resolved to Fastify 4 (see tsconfig.json here): the plugin's sources and a
// Fastify 4 app registering it must both compile, as they do for a user on Fastify 4.
import fastify from "fastify";
import { heronWebhooks } from "../../src/index.js";

const app = fastify({ bodyLimit: 100 });
app.register(heronWebhooks, {
  secret: "s",
  prefix: "/api",
  on: { "pdf.*": (event) => console.log(event.data.heron_id) },
});
