// Proves a failing check makes the run exit non-zero on each runtime, so a green run means something.
import { check, finish } from "./harness.mjs";

await check("a check that fails", () => {
  throw new Error("expected failure");
});

finish();
