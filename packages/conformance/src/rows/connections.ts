import { createTestDelivery, sampleEvents } from "@heron-webhooks/core/testing";
import { expect } from "vitest";
import { send } from "../client.js";
import { captureConsole } from "../console.js";
import { headersFor, SECRET, signed } from "../deliveries.js";
import { expectAnswer, expectDelivered, expectNoHandlerCalls } from "../expectations.js";
import { closedWithin, openConnection, rawRequest, responsesWithin, writeAll } from "../raw.js";
import { createRecorder } from "../recorder.js";
import type { Suite } from "../suite.js";

/** Long enough for any server on a loaded machine; the rows end sooner when the server is right. */
const WAIT_MS = 5_000;

/**
 * An oversized body big enough that the kernel's buffers cannot hide a server that stops reading
 * (loopback absorbs a few MiB), yet within what core discards to let the client read its 413
 * (16 times the limit): 8 times a 1 MiB limit, as a real sender might send.
 */
const READABLE_MAX_BODY_BYTES = 1024 * 1024;
const OVERSIZED_BYTES = 8 * READABLE_MAX_BODY_BYTES;

const ABORTING_CLIENTS = 10;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function connectionRows(suite: Suite): void {
  suite.row("http10-keep-alive", undefined, async () => {
    const recorder = createRecorder();
    const topics = ["end_user.processed", "pdf.processed"] as const;
    const deliveries = await Promise.all(
      topics.map((topic) => createTestDelivery({ topic, secret: SECRET })),
    );
    const answers = await suite.serve(recorder, async (endpoint) => {
      const connection = await openConnection(endpoint);
      // Both requests in one write, as a pipelining HTTP/1.0 client sends them.
      const requests = deliveries.map((delivery) =>
        rawRequest(endpoint, {
          version: "HTTP/1.0",
          headers: [["Connection", "keep-alive"], ...Object.entries(delivery.headers)],
          body: delivery.body,
        }),
      );
      await writeAll(connection.socket, Buffer.concat(requests));
      const received = await responsesWithin(connection, 2, WAIT_MS);
      connection.socket.destroy();
      return received;
    });
    const handled = recorder.calls.filter((call) => call.pattern === "*");
    // Whatever ran must have been answered: the sender retries what it was not answered.
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    for (const answer of answers) expectAnswer(answer, 200);
    expect(handled.map((call) => call.event.topic)).toEqual([...topics]);
  });

  for (const chunked of [false, true]) {
    suite.row("too-large-readable", chunked ? "chunked" : "Content-Length", async () => {
      const recorder = createRecorder({ maxBodyBytes: READABLE_MAX_BODY_BYTES });
      const body = Buffer.alloc(OVERSIZED_BYTES, "a");
      const { signature } = await signed(body);
      const outcome = await suite.serve(recorder, async (endpoint) => {
        const connection = await openConnection(endpoint);
        // As most clients do: write the whole request, and only then read.
        connection.socket.pause();
        let writeError: unknown;
        try {
          await writeAll(
            connection.socket,
            rawRequest(endpoint, { headers: headersFor(signature), body, chunked }),
          );
        } catch (error) {
          writeError = error;
        }
        connection.socket.resume();
        const answers = await responsesWithin(connection, 1, WAIT_MS);
        connection.socket.destroy();
        return { answers, writeError };
      });
      expect(outcome.writeError, "the server reset the connection while the body was sent").toBe(
        undefined,
      );
      expect(outcome.answers.map((answer) => answer.status)).toEqual([413]);
      expectAnswer(outcome.answers[0] as (typeof outcome.answers)[0], 413, "PAYLOAD_TOO_LARGE");
      expectNoHandlerCalls(recorder);
    });
  }

  suite.row("client-abort-quiet", undefined, async () => {
    const recorder = createRecorder();
    const cut = await createTestDelivery({ topic: "pdf.failed", secret: SECRET });
    const next = await createTestDelivery({ topic: "end_user.processed", secret: SECRET });
    const { result: answer, lines } = await captureConsole(() =>
      suite.serve(recorder, async (endpoint) => {
        const request = rawRequest(endpoint, {
          headers: Object.entries(cut.headers),
          body: cut.body,
        });
        await Promise.all(
          Array.from({ length: ABORTING_CLIENTS }, async (_, index) => {
            const connection = await openConnection(endpoint);
            // The headers and most of the body, so the adapter is reading it when the client goes.
            await writeAll(connection.socket, request.subarray(0, request.length - 10));
            await pause(50);
            // Half close politely (FIN), half reset (RST).
            if (index % 2 === 0) connection.socket.end();
            else connection.socket.resetAndDestroy();
            await closedWithin(connection, WAIT_MS);
            connection.socket.destroy();
          }),
        );
        const after = await send(endpoint, {
          headers: Object.entries(next.headers),
          body: next.body,
        });
        // What a server logs about an aborted request may come a few turns after its socket closed.
        await pause(100);
        return after;
      }),
    );
    expectAnswer(answer, 200);
    expectDelivered(recorder, sampleEvents["end_user.processed"]);
    expect(lines.join("\n"), "a stack trace was logged").not.toMatch(/^\s+at /m);
    expect(
      lines.length,
      `at most one short line per client:\n${lines.join("\n")}`,
    ).toBeLessThanOrEqual(ABORTING_CLIENTS);
  });
}
