-- Reserve a record key, or report what holds it, in one step on KEYS[1].
-- ARGV: 1 new fencing token, 2 fingerprint algorithm, 3 fingerprint, 4 endpoint,
--       5 lease in ms, 6 ttl in ms.
-- Answers {'reserved', takeover 0|1}, {'in-progress', algorithm, fingerprint,
-- remaining lease in ms} or {'completed', algorithm, fingerprint, encoded response}.
local key = KEYS[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease_expires_at = string.format('%d', now + tonumber(ARGV[5]))
local expires_at = now + tonumber(ARGV[6])

if redis.call('EXISTS', key) == 0 then
	redis.call('HSET', key, 'version', '1', 'status', 'in-flight', 'algorithm', ARGV[2],
		'fingerprint', ARGV[3], 'endpoint', ARGV[4], 'token', ARGV[1],
		'created_at', string.format('%d', now), 'lease_expires_at', lease_expires_at,
		'expires_at', string.format('%d', expires_at), 'attempts', '1', 'replays', '0')
	redis.call('PEXPIREAT', key, expires_at)
	return { 'reserved', 0 }
end

local record = redis.call('HMGET', key, 'version', 'status', 'algorithm', 'fingerprint',
	'lease_expires_at')
if record[1] ~= '1' then
	return redis.error_reply('ERR an idempotency record has an unknown format version')
end
local same = record[3] == ARGV[2] and record[4] == ARGV[3]

if record[2] == 'completed' then
	if same then
		redis.call('HINCRBY', key, 'replays', 1)
	end
	return { 'completed', record[3], record[4], redis.call('HGET', key, 'response') }
end

local remaining = tonumber(record[5]) - now
if remaining <= 0 and same then
	redis.call('HSET', key, 'endpoint', ARGV[4], 'token', ARGV[1],
		'created_at', string.format('%d', now), 'lease_expires_at', lease_expires_at,
		'expires_at', string.format('%d', expires_at))
	redis.call('HINCRBY', key, 'attempts', 1)
	redis.call('PEXPIREAT', key, expires_at)
	return { 'reserved', 1 }
end
return { 'in-progress', record[3], record[4], remaining }
