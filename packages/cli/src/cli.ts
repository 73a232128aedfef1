import { version } from "../package.json";
import { CliError, usageError } from "./errors.js";
import { commandHelp, mainHelp } from "./help.js";
import { type CliIo, processIo } from "./io.js";

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

// Loaded on demand, so --help and --version load nothing but this file and the help text.
const commands: Record<string, () => Promise<Command>> = {
  trigger: async () => (await import("./commands/trigger.js")).trigger,
  listen: async () => (await import("./commands/listen.js")).listen,
  send: async () => (await import("./commands/send.js")).send,
  sign: async () => (await import("./commands/sign.js")).sign,
  verify: async () => (await import("./commands/verify.js")).verify,
  inbox: async () => (await import("./commands/inbox.js")).inbox,
};

const wantsHelp = (args: readonly string[]) => {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
};

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(mainHelp);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? args[0] : undefined;
    if (topic !== undefined && !commandHelp[topic])
      throw usageError(`unknown command ${JSON.stringify(topic)}`);
    io.stdout.write(topic ? (commandHelp[topic] as string) : mainHelp);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${version}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    throw usageError(
      name.startsWith("-")
        ? `unknown option ${name} (see heron-webhooks --help)`
        : `unknown command ${JSON.stringify(name)} (see heron-webhooks --help)`,
    );
  }
  if (wantsHelp(args)) {
    io.stdout.write(commandHelp[name] as string);
    return 0;
  }
  return (await load())(args, io);
}

/**
 * Runs the heron-webhooks command line; resolves with the exit code. Failures are one line on
 * stderr, never a stack: 2 for a usage error, 1 for a run that failed.
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`heron-webhooks: ${error.message}\n`);
      return error.exitCode;
    }
    // Unforeseen: still one line, with what the error says about itself (never its stack).
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(`heron-webhooks: unexpected error: ${message}\n`);
    return 1;
  }
}
