import { type Child, startChild } from "./child.js";

/** Controls a tcp-proxy.mjs process: a database outage that only this test sees. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every connection and refuses new ones, as a database that went away. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const child: Child = startChild(
    "tcp-proxy.mjs",
    [target.host, String(target.port)],
    {},
    { stdin: true, needsBuild: false },
  );
  const { port } = (await child.next((m) => typeof (m as { port?: number }).port === "number")) as {
    port: number;
  };
  let commands = 0;
  const command = async (line: "cut" | "restore") => {
    const nth = ++commands;
    child.process.stdin?.write(`${line}\n`);
    // Answers come in order: wait for this command's.
    await child.next(
      () => child.messages.filter((m) => (m as { done?: string }).done).length >= nth,
    );
  };
  return {
    port,
    cut: () => command("cut"),
    restore: () => command("restore"),
    close: () => child.kill9(),
  };
}
