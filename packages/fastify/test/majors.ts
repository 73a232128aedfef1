import type { FastifyInstance } from "fastify";
import fastify4 from "fastify4";
import fastify5 from "fastify5";

interface AppOptions {
  bodyLimit?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
}

/**
 * Every supported Fastify major. Both are typed with the Fastify 5 API the tests use, which Fastify 4
 * has too; test/types-fastify4 checks the plugin against Fastify 4's own types.
 */
export const majors = [
  {
    name: "fastify 4",
    create: (options: AppOptions = {}) => fastify4(options) as unknown as FastifyInstance,
  },
  { name: "fastify 5", create: (options: AppOptions = {}) => fastify5(options) },
];
