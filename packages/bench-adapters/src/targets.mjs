// Each row of the table: a server module with `handWritten(framework)` and `adapter(framework)`,
// and the framework package it gets (the majors are npm aliases, so both install side by side).
export const TARGETS = [
  { name: "node:http", servers: "./servers/node-http.mjs" },
  { name: "express 5", servers: "./servers/express.mjs", framework: "express5" },
  { name: "express 4", servers: "./servers/express.mjs", framework: "express4" },
  { name: "fastify 5", servers: "./servers/fastify.mjs", framework: "fastify5" },
  { name: "fastify 4", servers: "./servers/fastify.mjs", framework: "fastify4" },
  { name: "koa 3", servers: "./servers/koa.mjs", framework: "koa3" },
  { name: "koa 2", servers: "./servers/koa.mjs", framework: "koa2" },
  { name: "hono 4 (node-server)", servers: "./servers/hono.mjs", framework: "hono" },
];
