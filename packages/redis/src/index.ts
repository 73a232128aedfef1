export type { RedisConnection } from "./connection.js";
export { type RedisInbox, type RedisInboxOptions, redisInbox } from "./redis-inbox.js";
