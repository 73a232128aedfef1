import { HeronWebhookError } from "@heron-webhooks/core";

/** What `promise` rejected with, failing the test when it resolved or threw something else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<HeronWebhookError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (error instanceof HeronWebhookError) return error;
    throw new Error(`expected a HeronWebhookError, got ${String(error)}`);
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`);
}

/** What `action` threw, failing the test when it did not throw a HeronWebhookError. */
export function thrownBy(action: () => unknown): HeronWebhookError {
  try {
    action();
  } catch (error) {
    if (error instanceof HeronWebhookError) return error;
    throw new Error(`expected a HeronWebhookError, got ${String(error)}`);
  }
  throw new Error("expected a throw");
}
