-- Remove KEYS[1] if it is in flight under the fencing token ARGV[1].
-- Answers 1 if removed, 0 if the reservation is no longer current.
local key = KEYS[1]
local record = redis.call('HMGET', key, 'status', 'token')
if record[1] ~= 'in-flight' or record[2] ~= ARGV[1] then
	return 0
end
redis.call('DEL', key)
return 1
