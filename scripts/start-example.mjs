// Starts examples/<name> as a user would (`node server.js`) on a free port; shared by the demo and the tests.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * @param {string} name a folder under examples/
 * @param {string} secret passed as HERON_WEBHOOK_SECRET
 * @param {string} [node] the Node binary to run it with (default: this one)
 * @param {Record<string, string>} [env] more environment for the example (SLACK_WEBHOOK_URL for examples/slack)
 * @returns {{ url: Promise<string>, lines: string[], stderr: () => string, stop: () => Promise<void> }}
 *   `url` is the webhook URL once the example says it listens; `lines` collects its stdout lines,
 *   `stderr()` is all it wrote to stderr so far.
 */
export function startExample(name, secret, node = process.execPath, env = {}) {
  const child = spawn(node, ["server.js"], {
    cwd: fileURLToPath(new URL(`../examples/${name}/`, import.meta.url)),
    env: { ...process.env, ...env, HERON_WEBHOOK_SECRET: secret, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines = [];
  let partial = "";
  child.stdout.setEncoding("utf8").on("data", (text) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let stderr = "";
  const url = new Promise((resolve, reject) => {
    child.stderr.setEncoding("utf8").on("data", (text) => {
      stderr += text;
      const match = /listening on (http:\/\/\S+?)\/?(?:\s|$)/.exec(stderr);
      if (match) resolve(`${match[1]}/webhooks/heron`);
    });
    exited.then((code) => reject(new Error(`examples/${name} exited (${code}):\n${stderr}`)));
  });
  url.catch(() => {});
  return {
    url,
    lines,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}

/** Waits until `lines` grows past `count`, for at most `waitMs`: stdout and the HTTP answer race. */
export async function linesAfter(lines, count, waitMs) {
  for (let waited = 0; lines.length <= count && waited < waitMs; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return lines.slice(count);
}
