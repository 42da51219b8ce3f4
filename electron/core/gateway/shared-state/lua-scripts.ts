// The Lua scripts that make the gateway's shared state atomic in Redis: each runs whole on the
// server, so replicas never interleave inside a check-and-reserve. Time is Redis's own (TIME), so
// replicas on machines with skewed clocks still share one window. Numbers are stored from the
// callers' strings or by HINCRBYFLOAT and returned as strings: Lua's tostring would drop digits.

/** The server's time in ms. */
const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Budget reserve-if-fits. KEYS per scope: state hash (spent, reserved, period), reservations hash
 * (id → USD), leases zset (id → expiry ms). ARGV: id, amount, leaseMs, then per scope max ('' none),
 * spent in SQLite, period end ('' none). Returns {1, spent…} or {0, index (1-based), spent}.
 */
export const RESERVE = `${NOW}
local id, amount, lease = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local n = #KEYS / 3
local spent = {}
for i = 1, n do
  local h, r, x = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local max, floor, period = ARGV[3 * i + 1], ARGV[3 * i + 2], ARGV[3 * i + 3]
  -- Reservations of a replica that stopped renewing them (crashed) are released.
  local dead = redis.call('ZRANGEBYSCORE', x, '-inf', now)
  for _, d in ipairs(dead) do
    local a = redis.call('HGET', r, d)
    if a then redis.call('HINCRBYFLOAT', h, 'reserved', '-' .. a) end
    redis.call('HDEL', r, d)
  end
  if #dead > 0 then redis.call('ZREMRANGEBYSCORE', x, '-inf', now) end
  -- SQLite is the source of truth: Redis never knows less than it, and a new period starts from it.
  local stored = redis.call('HGET', h, 'period')
  local s = redis.call('HGET', h, 'spent')
  if s == false or stored == false then
    redis.call('HSET', h, 'spent', floor, 'period', period)
  elseif stored == period then
    if tonumber(floor) > tonumber(s) then redis.call('HSET', h, 'spent', floor) end
  elseif period == '' or stored == '' or tonumber(period) > tonumber(stored) then
    redis.call('HSET', h, 'spent', floor, 'period', period)
  end
  spent[i] = redis.call('HGET', h, 'spent')
  local reserved = math.max(0, tonumber(redis.call('HGET', h, 'reserved') or '0'))
  if max ~= '' and amount > tonumber(max) - tonumber(spent[i]) - reserved + 1e-12 then
    return {0, i, spent[i]}
  end
end
for i = 1, n do
  local h, r, x = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  redis.call('HSET', r, id, ARGV[2])
  redis.call('ZADD', x, now + lease, id)
  redis.call('HINCRBYFLOAT', h, 'reserved', ARGV[2])
end
local out = {1}
for i = 1, n do out[i + 1] = spent[i] end
return out`;

/**
 * Budget settle: releases reservation ARGV[1] (if still held) and adds ARGV[2] USD of real spend.
 * KEYS as RESERVE. Returns the spent of each scope after.
 */
export const SETTLE = `
local id, actual = ARGV[1], ARGV[2]
local out = {}
for i = 1, #KEYS / 3 do
  local h, r, x = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local a = redis.call('HGET', r, id)
  if a then
    redis.call('HDEL', r, id)
    redis.call('ZREM', x, id)
    redis.call('HINCRBYFLOAT', h, 'reserved', '-' .. a)
  end
  if tonumber(actual) > 0 then
    out[i] = redis.call('HINCRBYFLOAT', h, 'spent', actual)
  else
    out[i] = redis.call('HGET', h, 'spent') or '0'
  end
end
return out`;

/** Renews leases: KEYS are zsets, ARGV[1] lease ms, ARGV[1 + i] the member in KEYS[i]. */
export const RENEW = `${NOW}
for i = 1, #KEYS do redis.call('ZADD', KEYS[i], 'XX', now + tonumber(ARGV[1]), ARGV[i + 1]) end
return #KEYS`;

/**
 * Rate-limit admission for several subjects (key, team): all admit or none. KEYS per subject:
 * requests zset (id → at), tokens zset (id → at), tokens hash (id → n), in-flight zset (id → lease
 * expiry). ARGV: id, leaseMs, then per subject rpm, tpm, parallel ('' none) and tokens to reserve.
 * Returns {1} or {0, index, limit, count, oldest at, now}.
 */
export const ADMIT = `${NOW}
local id, lease = ARGV[1], tonumber(ARGV[2])
local n = #KEYS / 4
for i = 1, n do
  local q, tz, th, p = KEYS[4 * i - 3], KEYS[4 * i - 2], KEYS[4 * i - 1], KEYS[4 * i]
  local rpm, tpm, par, want = ARGV[4 * i - 1], ARGV[4 * i], ARGV[4 * i + 1], tonumber(ARGV[4 * i + 2])
  redis.call('ZREMRANGEBYSCORE', q, '-inf', now - 60000)
  local old = redis.call('ZRANGEBYSCORE', tz, '-inf', now - 60000)
  for _, o in ipairs(old) do redis.call('HDEL', th, o) end
  if #old > 0 then redis.call('ZREMRANGEBYSCORE', tz, '-inf', now - 60000) end
  redis.call('ZREMRANGEBYSCORE', p, '-inf', now)
  if par ~= '' then
    local inflight = redis.call('ZCARD', p)
    if inflight >= tonumber(par) then return {0, i, 'parallel', inflight, now, now} end
  end
  if rpm ~= '' then
    local count = redis.call('ZCARD', q)
    if count >= tonumber(rpm) then
      local first = redis.call('ZRANGE', q, 0, 0, 'WITHSCORES')
      return {0, i, 'rpm', count, tonumber(first[2]), now}
    end
  end
  if tpm ~= '' then
    local used = 0
    for _, v in ipairs(redis.call('HVALS', th)) do used = used + tonumber(v) end
    if used + want > tonumber(tpm) then
      local first = redis.call('ZRANGE', tz, 0, 0, 'WITHSCORES')
      return {0, i, 'tpm', used, tonumber(first[2] or now), now}
    end
  end
end
for i = 1, n do
  local q, tz, th, p = KEYS[4 * i - 3], KEYS[4 * i - 2], KEYS[4 * i - 1], KEYS[4 * i]
  redis.call('ZADD', q, now, id)
  redis.call('PEXPIRE', q, 120000)
  redis.call('ZADD', p, now + lease, id)
  redis.call('PEXPIRE', p, lease * 2)
  if ARGV[4 * i] ~= '' then
    redis.call('ZADD', tz, now, id)
    redis.call('HSET', th, id, ARGV[4 * i + 2])
    redis.call('PEXPIRE', tz, 120000)
    redis.call('PEXPIRE', th, 120000)
  end
end
return {1}`;

/** Rate-limit release: KEYS per subject tokens hash, in-flight zset; ARGV id, real tokens. */
export const RELEASE = `
for i = 1, #KEYS / 2 do
  redis.call('ZREM', KEYS[2 * i], ARGV[1])
  if redis.call('HEXISTS', KEYS[2 * i - 1], ARGV[1]) == 1 then redis.call('HSET', KEYS[2 * i - 1], ARGV[1], ARGV[2]) end
end
return 1`;

/**
 * A target's failure: KEYS failures zset, cooldown string. ARGV allowed fails, cooldown ms, reason,
 * a unique member, the target key, the channel. Puts it into cooldown (announced on the channel)
 * when the failures of the last minute reach the allowance; returns 1 then, else 0.
 */
export const FAIL = `${NOW}
local f, u = KEYS[1], KEYS[2]
redis.call('ZREMRANGEBYSCORE', f, '-inf', now - 60000)
redis.call('ZADD', f, now, ARGV[4])
redis.call('PEXPIRE', f, 60000)
if redis.call('ZCARD', f) >= tonumber(ARGV[1]) then
  redis.call('DEL', f)
  redis.call('SET', u, ARGV[3], 'PX', tonumber(ARGV[2]))
  redis.call('PUBLISH', ARGV[6], ARGV[5] .. '\\n' .. ARGV[2] .. '\\n' .. ARGV[3])
  return 1
end
return 0`;
