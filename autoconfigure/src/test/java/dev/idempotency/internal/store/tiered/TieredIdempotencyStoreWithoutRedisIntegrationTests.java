package dev.idempotency.internal.store.tiered;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import dev.idempotency.store.AbstractIdempotencyStoreContractTests;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.Reservation;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Redis gone (nothing listens on its port), the tiered store keeps every guarantee
 * on PostgreSQL alone: the whole contract passes, and Redis is reported as skipped.
 */
class TieredIdempotencyStoreWithoutRedisIntegrationTests extends AbstractIdempotencyStoreContractTests {

	private IsolatedDatabase database;

	private LettuceConnectionFactory redis;

	private final TieredStores.Fallbacks fallbacks = new TieredStores.Fallbacks();

	@Override
	protected IdempotencyStore createStore() {
		this.database = TestServices.postgresSchema("idem_noredis");
		this.redis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", deadPort()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		this.redis.afterPropertiesSet();
		return TieredStores.create(this.database, this.redis, "idempotency:", Duration.ofMillis(200), this.fallbacks);
	}

	@Override
	protected void destroyStore(IdempotencyStore store) {
		this.redis.destroy();
		this.database.close();
	}

	@Test
	void reportsEveryRedisCallItHadToSkip() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		store().complete(reservation, sampleResponse(), LONG);
		assertThat(completedResponse(key("k"))).isEqualTo(sampleResponse());
		assertThat(this.fallbacks.snapshot()).contains("reserve", "complete");
		// The completion did not call Redis, which never held the reservation; a third
		// failed call opens the breaker.
		reserve(key("k2"), FINGERPRINT, LONG);
		assertThat(((TieredIdempotencyStore) store()).isRedisInUse()).isFalse();
	}

	private static int deadPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
