// What a user sees when asking for help or getting it wrong: help, version, exit codes, one-line errors,
// colours only on a terminal and never with NO_COLOR, and the secret nowhere in any output.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeRuntimes } from "../../../scripts/node-runtimes.mjs";
import { cli, cliInTerminal, linesOf, type Run } from "./support/cli.js";

const secret = "whsec_never_shown_4f7a";
const version = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
).version;
const COMMANDS = ["trigger", "listen", "send", "sign", "verify", "inbox"];
// An ANSI escape sequence (ESC, then [).
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

let server: Server;
let url: string;
beforeAll(async () => {
  // A receiver that accepts everything: these tests are about the CLI's own output.
  server = createServer((req, res) => {
    req
      .resume()
      .on("end", () =>
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/heron`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function expectOneLineError(run: Run, code: number, message: RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe("");
  expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^heron-webhooks: /)]);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toContain(secret);
}

describe.each(nodeRuntimes())("on Node $version", ({ binary: node }) => {
  it("--help, -h and help print the tool's help", async () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const run = await cli(args, { node });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(
        /^heron-webhooks: develop and operate a Heron Data webhook receiver\n/,
      );
      for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command} `);
    }
  });

  it("--version prints the package's version", async () => {
    expect(await cli(["--version"], { node })).toEqual({
      code: 0,
      stdout: `${version}\n`,
      stderr: "",
    });
  });

  it("an unknown flag is one line and exit 2", async () => {
    expectOneLineError(
      await cli(["trigger", "all", "--url", url, "--secret", secret, "--bogus"], { node }),
      2,
      /^heron-webhooks: Unknown option '--bogus' \(see heron-webhooks trigger --help\)\n$/,
    );
  });
});

describe.each(COMMANDS)("%s --help", (command) => {
  it("prints the command's usage and examples, also with other flags given", async () => {
    const run = await cli([command, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: heron-webhooks ${command}`));
    expect(run.stdout).toContain("\nExamples:\n");
    expect(await cli([command, "--bogus", "-h"])).toEqual(run);
    expect(await cli(["help", command])).toEqual(run);
  });
});

describe("bad input: one line on stderr, never a stack", () => {
  it("without a command, prints the help on stderr and exits 2", async () => {
    const run = await cli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^heron-webhooks: develop and operate/);
  });

  const missing = "/nonexistent/heron-cli/file.json";
  const cases: [string, string[], RegExp][] = [
    ["an unknown command", ["tigger"], /unknown command "tigger"/],
    ["an unknown option before the command", ["--bogus"], /unknown option --bogus/],
    ["help for an unknown command", ["help", "tigger"], /unknown command "tigger"/],
    [
      "a flag without its value",
      ["trigger", "all", "--url"],
      /Option '--url <value>' argument missing/,
    ],
    ["no --url", ["trigger", "all", "--secret", secret], /--url URL is required/],
    [
      "a --url that is not a URL",
      ["trigger", "all", "--secret", secret, "--url", "localhost 3000"],
      /--url is not a URL/,
    ],
    [
      "a --url that is not http",
      ["trigger", "all", "--secret", secret, "--url", "ftp://127.0.0.1/"],
      /http:\/\/ or https:\/\//,
    ],
    [
      "no secret",
      ["trigger", "all", "--url", "http://127.0.0.1:9/"],
      /no secret: pass --secret or set HERON_WEBHOOK_SECRET/,
    ],
    [
      "an empty secret",
      ["trigger", "all", "--secret", "", "--url", "http://127.0.0.1:9/"],
      /--secret is empty/,
    ],
    [
      "two secrets to sign with",
      ["trigger", "all", "--secret", secret, "--secret", "b", "--url", "http://127.0.0.1:9/"],
      /signs with one secret/,
    ],
    [
      "no topic",
      ["trigger", "--secret", secret, "--url", "http://127.0.0.1:9/"],
      /name a topic, or all/,
    ],
    [
      "a topic that is not resource.event",
      ["trigger", "Loan Approved", "--secret", secret, "--url", "http://127.0.0.1:9/"],
      /"Loan Approved" is not a topic/,
    ],
    [
      "invalid JSON in --data",
      [
        "trigger",
        "all",
        "--data",
        "{status:1}",
        "--secret",
        secret,
        "--url",
        "http://127.0.0.1:9/",
      ],
      /--data is not valid JSON: /,
    ],
    [
      "--data that is not an object",
      ["trigger", "all", "--data", "[1]", "--secret", secret, "--url", "http://127.0.0.1:9/"],
      /--data must be a JSON object/,
    ],
    [
      "an unreadable --data file",
      [
        "trigger",
        "all",
        "--data",
        `@${missing}`,
        "--secret",
        secret,
        "--url",
        "http://127.0.0.1:9/",
      ],
      /cannot read --data file .*: ENOENT/,
    ],
    [
      "--set without =",
      [
        "trigger",
        "all",
        "--set",
        "data.status",
        "--secret",
        secret,
        "--url",
        "http://127.0.0.1:9/",
      ],
      /expected path=value/,
    ],
    [
      "--set of the topic",
      ["trigger", "all", "--set", "topic=x.y", "--secret", secret, "--url", "http://127.0.0.1:9/"],
      /cannot change the topic/,
    ],
    [
      "--set through a value",
      [
        "trigger",
        "all",
        "--set",
        "data.status.x=1",
        "--secret",
        secret,
        "--url",
        "http://127.0.0.1:9/",
      ],
      /data\.status is not an object/,
    ],
    [
      "a --count that is not a number",
      ["trigger", "all", "--count", "ten", "--secret", secret, "--url", "http://127.0.0.1:9/"],
      /--count must be a whole number from 1/,
    ],
    [
      "a --concurrency of 0",
      ["trigger", "all", "--concurrency", "0", "--secret", secret, "--url", "http://127.0.0.1:9/"],
      /--concurrency must be a whole number from 1 to 256/,
    ],
    [
      "a --port out of range",
      ["listen", "--port", "70000", "--secret", secret],
      /--port must be a whole number from 0 to 65535/,
    ],
    ["listen without a secret", ["listen"], /no secret/],
    [
      "a --forward-to that is not a URL",
      ["listen", "--secret", secret, "--forward-to", "app"],
      /--forward-to is not a URL/,
    ],
    [
      "a --path without /",
      ["listen", "--secret", secret, "--path", "hooks"],
      /--path must start with \//,
    ],
    ["send without files", ["send", "--url", "http://127.0.0.1:9/"], /name a FILE to send/],
    [
      "send of an unreadable file",
      ["send", missing, "--url", "http://127.0.0.1:9/"],
      /cannot read .*: ENOENT/,
    ],
    ["sign of an unreadable file", ["sign", missing, "--secret", secret], /cannot read .*: ENOENT/],
    ["sign of two files", ["sign", "a.json", "b.json", "--secret", secret], /sign takes one FILE/],
    ["sign without a secret", ["sign", missing], /no secret/],
    [
      "verify without --signature",
      ["verify", missing, "--secret", secret],
      /--signature SIG is required/,
    ],
    [
      "verify of an unreadable file",
      ["verify", missing, "--signature", "x", "--secret", secret],
      /cannot read .*: ENOENT/,
    ],
  ];
  it.concurrent.each(cases)("%s: exit 2", async (_name, args, message) => {
    expectOneLineError(await cli(args), 2, message);
  });

  it("a mistyped --secret=VALUE does not echo the value", async () => {
    expectOneLineError(await cli(["sign", `--secrte=${secret}`]), 2, /Unknown option '--secrte'/);
  });

  it("a receiver that refuses connections: exit 1", async () => {
    const run = await cli(["send", "-", "--url", "http://127.0.0.1:9/", "--secret", secret], {
      input: "{}",
    });
    expectOneLineError(run, 1, /cannot connect to http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it("sign on a terminal without a file: says to pipe or name one, instead of waiting", async () => {
    const run = await cliInTerminal(["sign", "--secret", secret]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^heron-webhooks: name a FILE, or pipe the body in/);
  });
});

describe("colours and the terminal", () => {
  const trigger = (count: number) => [
    "trigger",
    "pdf.failed",
    "--count",
    String(count),
    "--url",
    url,
    "--secret",
    secret,
  ];

  it("colours only on a terminal", async () => {
    const terminal = await cliInTerminal(trigger(1));
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toMatch(ANSI);
    expect(terminal.stdout).toContain("\x1b[32m✓\x1b[39m 200");
    const piped = await cli(trigger(1));
    expect(piped.stdout).not.toMatch(ANSI);
  });

  it("never with NO_COLOR", async () => {
    const run = await cliInTerminal(trigger(1), { env: { NO_COLOR: "1" } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ 200/);
    expect(run.stdout).not.toMatch(ANSI);
  });

  it("a progress line instead of a line each, from 100 deliveries on a terminal", async () => {
    const run = await cliInTerminal([...trigger(150), "--concurrency", "10"], {
      env: { NO_COLOR: "1" },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/✓ 200/);
    expect(run.stdout).toContain("150/150 sent, 0 failed");
    expect(run.stdout).toMatch(/\n150 sent: 150 accepted, 0 failed/);
    const piped = await cli(trigger(150));
    expect(linesOf(piped.stdout).filter((line) => line.startsWith("✓ 200"))).toHaveLength(150);
  });
});

describe("the secret", () => {
  it("appears in no output, whatever the command", async () => {
    const runs = await Promise.all([
      cli(["trigger", "all", "--json", "--url", url, "--secret", secret]),
      cli(["trigger", "all", "--url", url], { env: { HERON_WEBHOOK_SECRET: secret } }),
      cli(["sign", "--secret", secret], { input: "{}" }),
      cli(["verify", "--signature", "x", "--secret", secret], { input: "{}" }),
      cli(["verify", "--signature", "x", "--secret", secret, "--json"], { input: "{}" }),
      cli(["send", "-", "--url", url, "--secret", secret], { input: "{}" }),
    ]);
    for (const run of runs) {
      expect(run.stdout + run.stderr).not.toContain(secret);
      expect(run.stdout.length).toBeGreaterThan(0);
    }
  });
});
