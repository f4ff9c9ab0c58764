package dev.idempotency.internal.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.internal.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer;
import dev.idempotency.internal.store.redis.RedisIdempotencyStore;
import dev.idempotency.internal.store.tiered.TieredIdempotencyStore;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.test.TcpProxy;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health indicator on real stores: down when the database cannot be asked; up, with
 * Redis shown as skipped, when only Redis is gone.
 */
class IdempotencyHealthIndicatorIntegrationTests {

	@Test
	void isDownWhenTheDatabaseCannotBeReached() throws Exception {
		try (IsolatedDatabase database = TestServices.postgresSchema("idem_health")) {
			new JdbcSchemaInitializer(database.dataSource(), JdbcSchemaInitializer.Mode.MIGRATE,
					getClass().getClassLoader())
				.initialize();
			URI postgres = URI.create(database.url().substring("jdbc:".length()));
			try (TcpProxy proxy = new TcpProxy(postgres.getHost(), postgres.getPort());
					HikariDataSource dataSource = new HikariDataSource()) {
				dataSource.setJdbcUrl(database.url().replace(":" + postgres.getPort() + "/", ":" + proxy.port() + "/"));
				dataSource.setConnectionTimeout(1000);
				JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource);
				IdempotencyHealthIndicator indicator = new IdempotencyHealthIndicator(store, "jdbc");
				assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
				proxy.down(true);
				Health down = indicator.health();
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails()).containsEntry("store", "jdbc").containsKey("error");
				proxy.down(false);
				// The pool replaces the connections it lost on its own schedule.
				Awaitility.await()
					.atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.UP));
			}
		}
	}

	@Test
	void staysUpWithRedisShownAsSkippedWhenOnlyRedisIsGone() throws Exception {
		try (IsolatedDatabase database = TestServices.postgresSchema("idem_health_tiered")) {
			new JdbcSchemaInitializer(database.dataSource(), JdbcSchemaInitializer.Mode.MIGRATE,
					getClass().getClassLoader())
				.initialize();
			LettuceConnectionFactory deadRedis = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", deadPort()),
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
			deadRedis.afterPropertiesSet();
			try {
				TieredIdempotencyStore store = new TieredIdempotencyStore(
						new RedisIdempotencyStore(deadRedis, "idempotency:", Duration.ofMillis(200)),
						new JdbcIdempotencyStore(database.dataSource()), Clock.systemUTC(), 1, Duration.ofMinutes(1),
						new IdempotencyListener() {
						});
				IdempotencyHealthIndicator indicator = new IdempotencyHealthIndicator(store, "tiered");
				assertThat(indicator.health().getDetails()).containsEntry("redis", "in-use");
				store.reserve(new ReservationRequest(new RecordKey("health", "k"), new Fingerprint("v1-sha256", "0"),
						"POST /test", Duration.ofMinutes(1), Duration.ofMinutes(1)));
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("store", "tiered").containsEntry("redis", "skipped");
			}
			finally {
				deadRedis.destroy();
			}
		}
	}

	private static int deadPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
