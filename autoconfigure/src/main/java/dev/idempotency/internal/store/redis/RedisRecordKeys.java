package dev.idempotency.internal.store.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.idempotency.store.RecordKey;

/**
 * Names the Redis key of a record: the prefix, then the scope's length in UTF-8 bytes,
 * {@code :}, the scope, {@code :}, and the key, as in {@code idempotency:5:alice:k-1}.
 * The length tells where the scope ends, so no scope or key can be read as another
 * (key {@code a:b} in scope {@code x} is {@code 1:x:a:b}, key {@code b} in scope
 * {@code x:a} is {@code 3:x:a:b}).
 */
final class RedisRecordKeys {

	private final byte[] prefix;

	/**
	 * Create the naming for one key prefix.
	 * @param prefix the start of every key
	 */
	RedisRecordKeys(String prefix) {
		this.prefix = Utf8.encode(prefix, "Redis key prefix");
	}

	/**
	 * The Redis key of a record.
	 * @param key the record key
	 * @return the Redis key
	 * @throws IllegalArgumentException if the scope or key is not valid Unicode
	 */
	byte[] redisKey(RecordKey key) {
		byte[] scope = Utf8.encode(key.scope(), "idempotency scope");
		byte[] name = Utf8.encode(key.key(), "idempotency key");
		byte[] length = Integer.toString(scope.length).getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream out = new ByteArrayOutputStream(
				this.prefix.length + length.length + scope.length + name.length + 2);
		out.writeBytes(this.prefix);
		out.writeBytes(length);
		out.write(':');
		out.writeBytes(scope);
		out.write(':');
		out.writeBytes(name);
		return out.toByteArray();
	}

}
