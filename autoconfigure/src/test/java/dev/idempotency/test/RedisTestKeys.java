package dev.idempotency.test;

import java.util.ArrayList;
import java.util.List;


import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Key prefixes of their own for tests on a Redis server that other test runs share, and
 * removal of exactly those keys (never a flush).
 */
public final class RedisTestKeys {

	private RedisTestKeys() {
	}

	/**
	 * A key prefix no other test uses; it has no glob characters, so it can be matched.
	 * @return the prefix
	 */
	public static String newPrefix() {
		return TestServices.uniqueName("idempotency_test") + ":";
	}

	/**
	 * The keys under a prefix.
	 * @param connectionFactory where
	 * @param prefix the prefix
	 * @return the keys
	 */
	public static List<byte[]> keys(RedisConnectionFactory connectionFactory, String prefix) {
		List<byte[]> keys = new ArrayList<>();
		try (RedisConnection connection = connectionFactory.getConnection();
				Cursor<byte[]> cursor = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
			cursor.forEachRemaining(keys::add);
		}
		return keys;
	}

	/**
	 * Delete the keys under a prefix, with SCAN and DEL.
	 * @param connectionFactory where
	 * @param prefix the prefix
	 * @return how many keys were deleted
	 */
	public static long delete(RedisConnectionFactory connectionFactory, String prefix) {
		List<byte[]> keys = keys(connectionFactory, prefix);
		if (keys.isEmpty()) {
			return 0;
		}
		try (RedisConnection connection = connectionFactory.getConnection()) {
			Long deleted = connection.keyCommands().del(keys.toArray(new byte[0][]));
			return (deleted != null) ? deleted : 0;
		}
	}

}
