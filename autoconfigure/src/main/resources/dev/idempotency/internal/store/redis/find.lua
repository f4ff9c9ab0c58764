-- Answer every field of KEYS[1], or an empty list if there is no record.
return redis.call('HGETALL', KEYS[1])
