import {
  type Child,
  requireBuild,
  startChild as startScript,
} from "@heron-webhooks/inbox-test-kit";

export type { Child };

/** Runs a script of test/support (by default one that imports the package's build), reading the JSON lines it prints. */
export function startChild(
  script: string,
  args: readonly string[] = [],
  env = {},
  { stdin = false, needsBuild = true } = {},
): Child {
  if (needsBuild)
    requireBuild(new URL("../../dist/index.js", import.meta.url), "@heron-webhooks/postgres");
  return startScript(new URL(`./${script}`, import.meta.url), args, { env, stdin });
}
