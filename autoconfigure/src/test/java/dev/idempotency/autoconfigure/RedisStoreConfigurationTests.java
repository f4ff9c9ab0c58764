package dev.idempotency.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.idempotency.internal.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.internal.store.redis.RedisIdempotencyStore;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.StoreUnavailableException;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * When the Redis store is configured, and how it fails to start when it cannot be. The
 * connection factories here point at local ports without Redis: the store connects
 * lazily and fails fast, so no Redis is needed.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisStoreConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IdempotencyStoreAutoConfiguration.class));

	@Test
	void storeTypeRedisWithALettuceConnectionFactoryUsesTheRedisStoreAndSaysSo(CapturedOutput output) {
		this.runner.withBean(LettuceConnectionFactory.class, () -> lettuceOn(deadPort()))
			.withPropertyValues("idempotency.store.type=redis")
			.run((context) -> {
				assertThat(context).hasSingleBean(IdempotencyStore.class);
				assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(RedisIdempotencyStore.class);
				assertThat(output).contains("Idempotency records are kept in Redis alone (key prefix 'idempotency:'");
			});
	}

	@Test
	void theConfiguredTimeoutBoundsEachCall() throws IOException {
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			List<Socket> accepted = new CopyOnWriteArrayList<>();
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						accepted.add(silent.accept());
					}
				}
				catch (IOException ex) {
					// Closed.
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			this.runner.withBean(LettuceConnectionFactory.class, () -> lettuceOn(silent.getLocalPort()))
				.withPropertyValues("idempotency.store.type=redis", "idempotency.store.redis.timeout=1s")
				.run((context) -> {
					IdempotencyStore store = context.getBean(IdempotencyStore.class);
					long start = System.nanoTime();
					assertThatExceptionOfType(StoreUnavailableException.class)
						.isThrownBy(() -> store.find(new RecordKey("scope", "key")))
						.withMessageContaining("1000 ms");
					Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
					assertThat(elapsed).isGreaterThan(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(5));
					// The factory's own connection attempt waits for its 60 s command timeout
					// and holds up the context's shutdown until then, unless the server goes.
					for (Socket socket : accepted) {
						socket.close();
					}
				});
		}
	}

	@Test
	void theApplicationsOwnStoreWins() {
		InMemoryIdempotencyStore own = new InMemoryIdempotencyStore(Clock.systemUTC(), 10);
		this.runner.withBean(LettuceConnectionFactory.class, () -> lettuceOn(deadPort()))
			.withBean("myStore", IdempotencyStore.class, () -> own)
			.withPropertyValues("idempotency.store.type=redis")
			.run((context) -> {
				assertThat(context).hasSingleBean(IdempotencyStore.class);
				assertThat(context.getBean(IdempotencyStore.class)).isSameAs(own);
			});
	}

	@Test
	void aConnectionFactoryOtherThanLettuceFailsStartupWithAClearMessage() {
		this.runner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withPropertyValues("idempotency.store.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("needs a LettuceConnectionFactory")
				.hasMessageContaining("idempotency.store.type"));
	}

	@Test
	void storeTypeRedisWithoutAConnectionFactoryFailsStartupWithAClearMessage() {
		this.runner.withPropertyValues("idempotency.store.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("needs one RedisConnectionFactory bean")
				.hasMessageContaining("spring.data.redis"));
	}

	@Test
	void storeTypeRedisWithoutLettuceOrSpringDataRedisFailsStartupSayingWhatToAdd() {
		for (Class<?> missing : new Class<?>[] { RedisClient.class, LettuceConnectionFactory.class }) {
			this.runner.withClassLoader(new FilteredClassLoader(missing))
				.withPropertyValues("idempotency.store.type=redis")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(new IdempotencyConfigurationFailureAnalyzer().analyze(context.getStartupFailure())
						.getDescription()).as(missing.getSimpleName())
						.contains("Spring Data Redis with Lettuce is not on the classpath");
				});
		}
	}

	@Test
	void anotherStoreTypeDoesNotUseRedis() {
		this.runner.withBean(LettuceConnectionFactory.class, () -> lettuceOn(deadPort()))
			.withPropertyValues("idempotency.store.type=in-memory")
			.run((context) -> assertThat(context.getBean(IdempotencyStore.class))
				.isInstanceOf(InMemoryIdempotencyStore.class));
	}

	@Test
	void noStoreWhenTheStarterIsDisabled() {
		this.runner.withBean(LettuceConnectionFactory.class, () -> lettuceOn(deadPort()))
			.withPropertyValues("idempotency.enabled=false", "idempotency.store.type=redis")
			.run((context) -> assertThat(context).doesNotHaveBean(IdempotencyStore.class));
	}

	@Test
	void theStoreIsClosedWithTheContext() {
		this.runner.withBean(LettuceConnectionFactory.class, () -> lettuceOn(deadPort()))
			.withPropertyValues("idempotency.store.type=redis")
			.run((context) -> {
				IdempotencyStore store = context.getBean(IdempotencyStore.class);
				context.close();
				assertThatExceptionOfType(StoreUnavailableException.class)
					.isThrownBy(() -> store.reserve(new dev.idempotency.store.ReservationRequest(
							new RecordKey("scope", "key"), new Fingerprint("v1-sha256", "a"), "POST /x",
							Duration.ofSeconds(1), Duration.ofSeconds(1))))
					.withMessageContaining("closed");
			});
	}

	private static LettuceConnectionFactory lettuceOn(int port) {
		// The factory's own timeout only bounds its connection attempts, which context
		// shutdown waits for; it is longer than the store's, so the store's own timeout
		// is still what a test observes.
		return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.builder()
					.commandTimeout(Duration.ofSeconds(3))
					.build());
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
