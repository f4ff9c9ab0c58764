-- Extend the lease of KEYS[1] if it is in flight under the fencing token ARGV[1].
-- ARGV: 1 fencing token, 2 lease in ms from now.
-- Answers 1 if extended, 0 if the reservation is no longer current.
local key = KEYS[1]
local record = redis.call('HMGET', key, 'status', 'token', 'expires_at')
if record[1] ~= 'in-flight' or record[2] ~= ARGV[1] then
	return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease_expires_at = now + tonumber(ARGV[2])
redis.call('HSET', key, 'lease_expires_at', string.format('%d', lease_expires_at))
-- A record must not vanish while its owner holds a live lease.
if lease_expires_at > tonumber(record[3]) then
	redis.call('HSET', key, 'expires_at', string.format('%d', lease_expires_at))
	redis.call('PEXPIREAT', key, lease_expires_at)
end
return 1
