// Every state change is one Lua script, so Redis applies it atomically: no other client sees a
// half-made delivery, and two workers can never claim the same one. Keys are built from the prefix
// in ARGV[1]; KEYS[1] (a key under that prefix) only routes the call to the right node.
//
// The layout under prefix P:
//   P d:<id>          hash: the delivery but its body (FIELDS below; absent owner/until/err mean null)
//   P b:<id>          string: the body, apart so the hash stays small fields (Redis's compact encoding)
//   P keys            hash key -> id of the delivery holding it (until it is replaced or purged)
//   P due             lex zset of unfinished (pending and running) deliveries,
//                     pad(runAt)..pad(receivedAt)..id: claim order. A running delivery stays in it,
//                     so one whose lease ended is found in runAt order too; a claim skips only the
//                     running ones with a live lease, no more than the workers' total concurrency.
//   P ix, P ix:s:<status>, P ix:t:<topic>, P ix:st:<status>:<topic>
//                     lex zsets pad(receivedAt)..id, for list(), stats() and purge()
//   P work            the pub/sub channel that wakes idle workers

/** The fields every script returns a delivery as, in this order. */
export const FIELDS = [
  "id",
  "key",
  "topic",
  "body",
  "sig",
  "recv",
  "status",
  "att",
  "runAt",
  "owner",
  "until",
  "done",
  "err",
  "upd",
] as const;

/** Width of the zero-padded times in index members, so their byte order is their numeric order. */
export const PAD = 16;

const PRELUDE = `
local P = ARGV[1]
local FIELDS = {${FIELDS.map((field) => `"${field}"`).join(",")}}
local function pad(n) return string.format("%0${PAD}d", tonumber(n)) end
local function row(id)
  local r = redis.call("HMGET", P .. "d:" .. id, unpack(FIELDS))
  r[4] = redis.call("GET", P .. "b:" .. id)
  return r
end
local function dueMember(runAt, recv, id) return pad(runAt) .. pad(recv) .. id end
local function statusIndexes(status, topic)
  return { P .. "ix:s:" .. status, P .. "ix:st:" .. status .. ":" .. topic }
end
local function moveStatus(id, topic, recv, from, to)
  local member = pad(recv) .. id
  for _, index in ipairs(statusIndexes(from, topic)) do redis.call("ZREM", index, member) end
  for _, index in ipairs(statusIndexes(to, topic)) do redis.call("ZADD", index, 0, member) end
end
local function remove(id)
  local h = P .. "d:" .. id
  local f = redis.call("HMGET", h, "status", "topic", "runAt", "recv", "key")
  if not f[1] then return 0 end
  if redis.call("HGET", P .. "keys", f[5]) == id then redis.call("HDEL", P .. "keys", f[5]) end
  local member = pad(f[4]) .. id
  redis.call("ZREM", P .. "due", dueMember(f[3], f[4], id))
  redis.call("ZREM", P .. "ix", member)
  redis.call("ZREM", P .. "ix:t:" .. f[2], member)
  for _, index in ipairs(statusIndexes(f[1], f[2])) do redis.call("ZREM", index, member) end
  redis.call("DEL", h, P .. "b:" .. id)
  return 1
end
-- The running delivery's status and topic fields if workerId holds its lease, else nil.
local function held(id, workerId)
  local f = redis.call("HMGET", P .. "d:" .. id, "status", "owner", "topic", "recv")
  if f[1] == "running" and f[2] == workerId then return f end
  return nil
end
local function makePending(id, f, now)
  -- f: status, topic, recv
  local h = P .. "d:" .. id
  redis.call("HSET", h, "status", "pending", "runAt", now, "att", 0, "upd", now)
  redis.call("HDEL", h, "owner", "until")
  redis.call("ZADD", P .. "due", 0, dueMember(now, f[3], id))
  moveStatus(id, f[2], f[3], f[1], "pending")
end
`;

function script(body: string): string {
  return `${PRELUDE}\n${body}`;
}

/** ARGV: P, id, key, topic, body, signature, receivedAt, retainSince → {id, duplicate} */
export const ACCEPT = script(`
local id, key, topic, recv, retainSince = ARGV[2], ARGV[3], ARGV[4], ARGV[7], tonumber(ARGV[8])
local existing = redis.call("HGET", P .. "keys", key)
if existing then
  local at = tonumber(redis.call("HGET", P .. "d:" .. existing, "recv"))
  if at and at >= retainSince then return { existing, 1 } end
  -- Received before the retention: the new delivery takes the key, the old one goes.
  remove(existing)
end
redis.call("HSET", P .. "d:" .. id, "id", id, "key", key, "topic", topic,
  "sig", ARGV[6], "recv", recv, "status", "pending", "att", 0, "runAt", recv, "done", "[]", "upd", recv)
redis.call("SET", P .. "b:" .. id, ARGV[5])
local member = pad(recv) .. id
redis.call("ZADD", P .. "due", 0, dueMember(recv, recv, id))
redis.call("ZADD", P .. "ix", 0, member)
redis.call("ZADD", P .. "ix:t:" .. topic, 0, member)
for _, index in ipairs(statusIndexes("pending", topic)) do redis.call("ZADD", index, 0, member) end
redis.call("HSET", P .. "keys", key, id)
redis.call("PUBLISH", P .. "work", "1")
return { id, 0 }
`);

/** ARGV: P, workerId, limit, now, leaseUntil → rows */
export const CLAIM = script(`
local workerId, limit, now, leaseUntil = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local claimed, offset, upTo = {}, 0, "(" .. pad(now + 1)
while #claimed < limit do
  -- Due in runAt order: pending ones, and running ones (taken only when their lease ended).
  local members = redis.call("ZRANGEBYLEX", P .. "due", "-", upTo, "LIMIT", offset, limit + 16)
  if #members == 0 then break end
  offset = offset + #members
  for _, member in ipairs(members) do
    local id = string.sub(member, ${2 * PAD + 1})
    local h = P .. "d:" .. id
    local f = redis.call("HMGET", h, "status", "until", "topic", "recv")
    if f[1] == "pending" or (f[1] == "running" and tonumber(f[2]) <= now) then
      if f[1] == "pending" then moveStatus(id, f[3], f[4], "pending", "running") end
      redis.call("HINCRBY", h, "att", 1)
      redis.call("HSET", h, "status", "running", "owner", workerId, "until", leaseUntil, "upd", now)
      table.insert(claimed, row(id))
      if #claimed == limit then break end
    end
  end
end
return claimed
`);

/** ARGV: P, id, workerId, leaseUntil → 1 | 0 */
export const EXTEND_LEASE = script(`
local id = ARGV[2]
if not held(id, ARGV[3]) then return 0 end
redis.call("HSET", P .. "d:" .. id, "until", ARGV[4])
return 1
`);

/** ARGV: P, id, workerId, handler, now → 1 | 0 */
export const RECORD_HANDLER_DONE = script(`
local id, handler = ARGV[2], ARGV[4]
if not held(id, ARGV[3]) then return 0 end
local h = P .. "d:" .. id
local done = cjson.decode(redis.call("HGET", h, "done"))
for _, name in ipairs(done) do
  if name == handler then
    redis.call("HSET", h, "upd", ARGV[5])
    return 1
  end
end
table.insert(done, handler)
redis.call("HSET", h, "done", cjson.encode(done), "upd", ARGV[5])
return 1
`);

/** ARGV: P, id, workerId, status, now, runAt, error → 1 | 0 */
export const SETTLE = script(`
local id, status, now, runAt = ARGV[2], ARGV[4], ARGV[5], ARGV[6]
local f = held(id, ARGV[3])
if not f then return 0 end
local h = P .. "d:" .. id
redis.call("ZREM", P .. "due", dueMember(redis.call("HGET", h, "runAt"), f[4], id))
redis.call("HSET", h, "status", status, "upd", now)
redis.call("HDEL", h, "owner", "until")
if status ~= "done" then redis.call("HSET", h, "err", ARGV[7]) end
if status == "pending" then
  redis.call("HSET", h, "runAt", runAt)
  redis.call("ZADD", P .. "due", 0, dueMember(runAt, f[4], id))
end
moveStatus(id, f[3], f[4], "running", status)
if status == "pending" and tonumber(runAt) <= tonumber(now) then redis.call("PUBLISH", P .. "work", "1") end
return 1
`);

/** ARGV: P, id → row (all nil when absent) */
export const GET = script(`
return row(ARGV[2])
`);

/** ARGV: P, index suffix, max (exclusive cursor member or "+"), count → rows, newest first */
export const LIST = script(`
local rows = {}
for _, member in ipairs(redis.call("ZREVRANGEBYLEX", P .. ARGV[2], ARGV[3], "-", "LIMIT", 0, tonumber(ARGV[4]))) do
  table.insert(rows, row(string.sub(member, ${PAD + 1})))
end
return rows
`);

/** ARGV: P, id, now → 1 | 0 */
export const REPLAY = script(`
local id = ARGV[2]
local f = redis.call("HMGET", P .. "d:" .. id, "status", "topic", "recv")
if f[1] ~= "done" and f[1] ~= "dead" then return 0 end
-- A done delivery runs every handler again; a dead one only those that have not succeeded.
if f[1] == "done" then redis.call("HSET", P .. "d:" .. id, "done", "[]") end
makePending(id, f, ARGV[3])
redis.call("PUBLISH", P .. "work", "1")
return 1
`);

/** ARGV: P, now, batch → how many were replayed (fewer than batch: no dead one is left) */
export const REPLAY_DEAD = script(`
local members = redis.call("ZRANGEBYLEX", P .. "ix:s:dead", "-", "+", "LIMIT", 0, tonumber(ARGV[3]))
for _, member in ipairs(members) do
  local id = string.sub(member, ${PAD + 1})
  makePending(id, redis.call("HMGET", P .. "d:" .. id, "status", "topic", "recv"), ARGV[2])
end
if #members > 0 then redis.call("PUBLISH", P .. "work", "1") end
return #members
`);

/** ARGV: P, olderThan, batch → how many were deleted (fewer than batch: none is left) */
export const PURGE = script(`
local batch, removed = tonumber(ARGV[3]), 0
for _, status in ipairs({ "done", "dead" }) do
  if removed < batch then
    local members = redis.call("ZRANGEBYLEX", P .. "ix:s:" .. status, "-", "(" .. pad(ARGV[2]), "LIMIT", 0, batch - removed)
    for _, member in ipairs(members) do removed = removed + remove(string.sub(member, ${PAD + 1})) end
  end
end
return removed
`);

/** ARGV: P → {pending, running, done, dead, oldest unfinished index member or false} */
export const STATS = script(`
local counts = {}
for _, status in ipairs({ "pending", "running", "done", "dead" }) do
  table.insert(counts, redis.call("ZCARD", P .. "ix:s:" .. status))
end
local oldest = false
for _, status in ipairs({ "pending", "running" }) do
  local first = redis.call("ZRANGEBYLEX", P .. "ix:s:" .. status, "-", "+", "LIMIT", 0, 1)[1]
  if first and (not oldest or first < oldest) then oldest = first end
end
table.insert(counts, oldest)
return counts
`);
