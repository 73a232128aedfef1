// The real Redis every test of this package runs against: HERON_TEST_REDIS_URL, by default the
// machine's own on 127.0.0.1:6379. With CI=true a missing server fails the run; elsewhere the tests
// are skipped, loudly.
import { randomUUID } from "node:crypto";
import Redis5 from "ioredis5";
import Redis6 from "ioredis6";

export const redisUrl = process.env.HERON_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export type RedisClient = InstanceType<typeof Redis6>;

export interface ConnectOptions {
  url?: string;
  keyPrefix?: string;
  maxRetriesPerRequest?: number;
}

/** Each supported ioredis major, to run the same tests under both. */
export const majors = [
  {
    name: "ioredis 5",
    connect: ({ url = redisUrl, ...options }: ConnectOptions = {}) =>
      new Redis5(url, options) as unknown as RedisClient,
  },
  {
    name: "ioredis 6",
    connect: ({ url = redisUrl, ...options }: ConnectOptions = {}) => new Redis6(url, options),
  },
] as const;

async function reachable(): Promise<string | undefined> {
  const probe = new Redis6(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 2000,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    const info = await probe.info("server");
    const version = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (!version || Number(version[1]) * 100 + Number(version[2]) < 602) {
      return `Redis at ${redisUrl} is older than 6.2`;
    }
    return undefined;
  } catch (error) {
    return `no Redis at ${redisUrl} (${(error as Error).message})`;
  } finally {
    probe.disconnect();
  }
}

const unavailable = await reachable();
if (unavailable && process.env.CI === "true") {
  throw new Error(`CI=true but ${unavailable}: the Redis store tests need a real server`);
}
if (unavailable) {
  console.warn(
    `\n!!! SKIPPING @heron-webhooks/redis tests: ${unavailable}. Start Redis or set HERON_TEST_REDIS_URL.\n`,
  );
}

/** False when the tests must be skipped (outside CI, no server). */
export const redisAvailable = unavailable === undefined;

/** A key prefix no other run or test uses. */
export function uniquePrefix(label = "t"): string {
  return `heron-test:{${label}-${randomUUID().slice(0, 8)}}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS: tests share the server). */
export async function deleteKeys(client: RedisClient, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await client.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}

/** The keys under `prefix`, for tests of what the inbox leaves in Redis. */
export async function keysUnder(client: RedisClient, prefix: string): Promise<string[]> {
  let cursor = "0";
  const found: string[] = [];
  const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== "0");
  return found.sort();
}
