-- Remove KEYS[1] whatever its state. Answers 1 if a record was removed.
return redis.call('DEL', KEYS[1])
