package dev.idempotency.internal.store.tiered;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import dev.idempotency.internal.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer;
import dev.idempotency.internal.store.redis.RedisIdempotencyStore;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.StoredResponse;
import dev.idempotency.test.RedisTestKeys;
import dev.idempotency.test.TcpProxy;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis going away and coming back while the tiered store serves requests: requests keep
 * working on PostgreSQL, the breaker stops calling Redis, probes it, and uses it again
 * once it answers. Redis is taken away through a proxy, so the shared server is never
 * touched.
 */
class TieredIdempotencyStoreRedisOutageIntegrationTests {

	private static final Duration LONG = Duration.ofMinutes(5);

	private static final Fingerprint FINGERPRINT = new Fingerprint("v1-sha256", "f".repeat(64));

	private IsolatedDatabase database;

	private TcpProxy proxy;

	private LettuceConnectionFactory redis;

	private LettuceConnectionFactory direct;

	private String prefix;

	private final TieredStores.Fallbacks fallbacks = new TieredStores.Fallbacks();

	private TieredIdempotencyStore store;

	@BeforeEach
	void createStore() throws Exception {
		this.database = TestServices.postgresSchema("idem_outage");
		java.net.URI redisUrl = java.net.URI.create(TestServices.redisUrl());
		this.proxy = new TcpProxy(redisUrl.getHost(), redisUrl.getPort());
		this.redis = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.proxy.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		this.redis.afterPropertiesSet();
		this.redis.start();
		this.direct = TestServices.redisConnectionFactory();
		this.prefix = RedisTestKeys.newPrefix();
		new JdbcSchemaInitializer(this.database.dataSource(), JdbcSchemaInitializer.Mode.MIGRATE,
				getClass().getClassLoader())
			.initialize();
		this.store = new TieredIdempotencyStore(new RedisIdempotencyStore(this.redis, this.prefix, Duration.ofMillis(300)),
				new JdbcIdempotencyStore(this.database.dataSource()), Clock.systemUTC(), 3, Duration.ofSeconds(1),
				this.fallbacks);
		awaitRedisConnected();
	}

	/**
	 * The store connects to Redis in the background; a cold first connection can take
	 * longer than a call's timeout, so wait until an outcome reaches Redis.
	 */
	private void awaitRedisConnected() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (RedisTestKeys.keys(this.direct, this.prefix).isEmpty() && System.nanoTime() < deadline) {
			complete(key());
			Thread.sleep(100);
		}
		RedisTestKeys.delete(this.direct, this.prefix);
		this.fallbacks.operations.clear();
	}

	@AfterEach
	void destroy() throws Exception {
		RedisTestKeys.delete(this.direct, this.prefix);
		this.direct.destroy();
		this.proxy.close();
		this.redis.destroy();
		this.database.close();
	}

	@Test
	void keepsWorkingOnTheDatabaseWhileRedisIsDownAndUsesRedisAgainOnceItIsBack() throws Exception {
		RecordKey before = key();
		complete(before);
		assertThat(RedisTestKeys.keys(this.direct, this.prefix)).hasSize(1);

		this.proxy.down(true);
		RecordKey during = key();
		complete(during);
		assertThat(this.store.reserve(request(during))).isInstanceOf(ReservationResult.Completed.class);
		assertThat(this.store.reserve(request(before))).isInstanceOf(ReservationResult.Completed.class);
		assertThat(this.store.isRedisInUse()).isFalse();
		int fallbacksWhileDown = this.fallbacks.snapshot().size();
		assertThat(fallbacksWhileDown).isGreaterThanOrEqualTo(4);
		assertThat(RedisTestKeys.keys(this.direct, this.prefix)).hasSize(1);

		this.proxy.down(false);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!this.store.isRedisInUse() && System.nanoTime() < deadline) {
			Thread.sleep(200);
			this.store.reserve(request(during));
		}
		assertThat(this.store.isRedisInUse()).isTrue();
		RecordKey after = key();
		complete(after);
		assertThat(RedisTestKeys.keys(this.direct, this.prefix)).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void aFrozenRedisCostsEachRequestAtMostItsTimeoutUntilTheBreakerOpens() {
		this.proxy.frozen(true);
		try {
			for (int i = 0; i < 6; i++) {
				long start = System.nanoTime();
				complete(key());
				Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
				// One Redis call of 300 ms at most (the reservation), plus the database's own work.
				assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
			}
			assertThat(this.store.isRedisInUse()).isFalse();
		}
		finally {
			this.proxy.down(true);
			this.proxy.frozen(false);
		}
	}

	@Test
	void aReservationThatRedisMissedIsCompletedOrReleasedWithoutWaitingForRedisAgain() {
		// A breaker that does not open, so that every request meets the frozen Redis.
		try (TieredIdempotencyStore store = new TieredIdempotencyStore(
				new RedisIdempotencyStore(this.redis, this.prefix, Duration.ofSeconds(1)),
				new JdbcIdempotencyStore(this.database.dataSource()), Clock.systemUTC(), 1000, Duration.ofSeconds(1),
				this.fallbacks)) {
			this.proxy.frozen(true);
			try {
				for (int i = 0; i < 2; i++) {
					long start = System.nanoTime();
					complete(store, key());
					Reservation released = reserve(store, key());
					assertThat(store.release(released)).isTrue();
					// One wait of 1 s for each reservation; none for the outcome or the release,
					// whose reservation Redis never made (4 s and more if they waited too).
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
				}
				assertThat(this.fallbacks.snapshot()).containsExactly("reserve", "complete", "reserve", "release",
						"reserve", "complete", "reserve", "release");
			}
			finally {
				// Drop the scripts held in the proxy, so that none reaches Redis after the
				// test has removed its keys.
				this.proxy.down(true);
				this.proxy.frozen(false);
			}
		}
	}

	private void complete(RecordKey key) {
		complete(this.store, key);
	}

	private static void complete(TieredIdempotencyStore store, RecordKey key) {
		Reservation reservation = reserve(store, key);
		assertThat(store.complete(reservation, StoredResponse.of(201, java.util.Map.of(), "{}".getBytes()), LONG))
			.isTrue();
	}

	private static Reservation reserve(TieredIdempotencyStore store, RecordKey key) {
		ReservationResult result = store.reserve(request(key));
		assertThat(result).isInstanceOf(ReservationResult.Reserved.class);
		return ((ReservationResult.Reserved) result).reservation();
	}

	private static RecordKey key() {
		return new RecordKey("outage", UUID.randomUUID().toString());
	}

	private static ReservationRequest request(RecordKey key) {
		return new ReservationRequest(key, FINGERPRINT, "POST /test", LONG, LONG);
	}

}
