-- Store the outcome of the reservation whose fencing token is ARGV[1], on KEYS[1].
-- ARGV: 1 fencing token, 2 ttl in ms, 3 encoded response.
-- Answers 1 if stored, 0 if the reservation is no longer current.
local key = KEYS[1]
local record = redis.call('HMGET', key, 'status', 'token')
if record[1] ~= 'in-flight' or record[2] ~= ARGV[1] then
	return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expires_at = now + tonumber(ARGV[2])
redis.call('HSET', key, 'status', 'completed', 'completed_at', string.format('%d', now),
	'expires_at', string.format('%d', expires_at), 'replays', '0', 'response', ARGV[3])
redis.call('HDEL', key, 'lease_expires_at')
redis.call('PEXPIREAT', key, expires_at)
return 1
