package dev.idempotency.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.ReservationResult.Completed;
import dev.idempotency.store.ReservationResult.Reserved;
import dev.idempotency.store.StoredResponse;
import dev.idempotency.test.TestServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store on the connection factory that Spring Boot configures from
 * {@code spring.data.redis.*}, against a real Redis.
 */
class RedisStoreConfigurationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataRedisAutoConfiguration.class, IdempotencyStoreAutoConfiguration.class));

	@Test
	void keepsRecordsUnderTheConfiguredKeyPrefix() {
		String prefix = TestServices.uniqueName("idempotency_test") + ":";
		this.runner
			.withPropertyValues("spring.data.redis.url=" + TestServices.redisUrl(), "idempotency.store.type=redis",
					"idempotency.store.redis.key-prefix=" + prefix)
			.run((context) -> {
				IdempotencyStore store = context.getBean(IdempotencyStore.class);
				RedisConnectionFactory connectionFactory = context.getBean(RedisConnectionFactory.class);
				try {
					RecordKey key = new RecordKey("alice", "order-1");
					ReservationRequest request = new ReservationRequest(key, new Fingerprint("v1-sha256", "f"),
							"POST /orders", Duration.ofSeconds(30), Duration.ofMinutes(5));
					ReservationResult result = awaitConnected(store, request);
					Reservation reservation = ((Reserved) result).reservation();
					assertThat(store.complete(reservation, StoredResponse.of(201, Map.of(), null),
							Duration.ofMinutes(5)))
						.isTrue();
					assertThat(store.reserve(request)).isInstanceOf(Completed.class);
					assertThat(keys(connectionFactory, prefix)).containsExactly(prefix + "5:alice:order-1");
				}
				finally {
					delete(connectionFactory, prefix);
				}
			});
	}

	// The store connects in the background; a cold JVM may need longer than one call
	// waits for the first connection.
	private static ReservationResult awaitConnected(IdempotencyStore store, ReservationRequest request)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			try {
				return store.reserve(request);
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(100);
			}
		}
	}

	private static List<String> keys(RedisConnectionFactory connectionFactory, String prefix) {
		List<String> keys = new ArrayList<>();
		try (RedisConnection connection = connectionFactory.getConnection();
				Cursor<byte[]> cursor = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
			cursor.forEachRemaining((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
		}
		return keys;
	}

	private static void delete(RedisConnectionFactory connectionFactory, String prefix) {
		List<String> keys = keys(connectionFactory, prefix);
		try (RedisConnection connection = connectionFactory.getConnection()) {
			for (String key : keys) {
				connection.keyCommands().del(key.getBytes(StandardCharsets.UTF_8));
			}
		}
	}

}
