import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";

/** A root preParsing hook that reads the whole request stream and hands on a copy, as some plugins do. */
export function readBodyInPreParsing(app: FastifyInstance): void {
  app.addHook("preParsing", async (_request, _reply, payload) => {
    const chunks: Buffer[] = [];
    for await (const chunk of payload) chunks.push(chunk as Buffer);
    return Readable.from(chunks);
  });
}
