package dev.idempotency.internal.store.tiered;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.internal.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer;
import dev.idempotency.internal.store.redis.RedisIdempotencyStore;
import dev.idempotency.test.TestServices.IsolatedDatabase;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Builds tiered stores on real services for tests, and remembers what Redis fallbacks
 * they report.
 */
final class TieredStores {

	private TieredStores() {
	}

	static TieredIdempotencyStore create(IsolatedDatabase database, LettuceConnectionFactory redis, String prefix,
			Duration redisTimeout, IdempotencyListener listener) {
		new JdbcSchemaInitializer(database.dataSource(), JdbcSchemaInitializer.Mode.MIGRATE,
				TieredStores.class.getClassLoader())
			.initialize();
		return new TieredIdempotencyStore(new RedisIdempotencyStore(redis, prefix, redisTimeout),
				new JdbcIdempotencyStore(database.dataSource()), Clock.systemUTC(), 3, Duration.ofSeconds(1),
				listener);
	}

	/**
	 * Records the operations the tiered store answered without Redis.
	 */
	static final class Fallbacks implements IdempotencyListener {

		final List<String> operations = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Override
		public void redisFallback(String operation) {
			this.operations.add(operation);
		}

		List<String> snapshot() {
			return new ArrayList<>(this.operations);
		}

	}

}
