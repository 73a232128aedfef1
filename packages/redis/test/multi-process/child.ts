import {
  type Child,
  requireBuild,
  startChild as startScript,
} from "@heron-webhooks/inbox-test-kit";

/** Runs a script of this folder, which imports the package's build. */
export function startChild(script: string, args: readonly string[]): Child {
  requireBuild(new URL("../../dist/index.js", import.meta.url), "@heron-webhooks/redis");
  return startScript(new URL(script, import.meta.url), args);
}
