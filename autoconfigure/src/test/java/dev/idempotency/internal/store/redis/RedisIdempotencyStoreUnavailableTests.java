package dev.idempotency.internal.store.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.StoreUnavailableException;
import dev.idempotency.store.StoredResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A Redis that cannot be reached, or that accepts connections and never answers, fails
 * each store call with {@link StoreUnavailableException} around the store's timeout,
 * however long the connection factory's own timeouts are (its defaults: 60 s per command,
 * 10 s to connect).
 */
class RedisIdempotencyStoreUnavailableTests {

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	private static final Duration BOUND = Duration.ofSeconds(5);

	private static final RecordKey KEY = new RecordKey("scope", "key-1");

	private LettuceConnectionFactory connectionFactory;

	private RedisIdempotencyStore store;

	@AfterEach
	void close() {
		if (this.store != null) {
			this.store.close();
		}
		if (this.connectionFactory != null) {
			this.connectionFactory.destroy();
		}
	}

	@Test
	void aPortWithNoServerFailsEveryOperationPromptly() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		this.store = storeOn(port);
		assertEveryOperationFailsPromptly();
	}

	@Test
	void aServerThatAcceptsButNeverAnswersFailsEveryOperationPromptly() throws IOException {
		try (SilentServer server = new SilentServer()) {
			this.store = storeOn(server.port());
			assertEveryOperationFailsPromptly();
			// One connection attempt at a time, however many calls wait.
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	private RedisIdempotencyStore storeOn(int port) {
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		return new RedisIdempotencyStore(this.connectionFactory, "idempotency:", TIMEOUT);
	}

	private void assertEveryOperationFailsPromptly() {
		Reservation reservation = new Reservation(KEY, 42);
		Fingerprint fingerprint = new Fingerprint("v1-sha256", "a".repeat(64));
		Duration lease = Duration.ofSeconds(30);
		assertFailsPromptly(() -> this.store
			.reserve(new ReservationRequest(KEY, fingerprint, "POST /test", lease, Duration.ofHours(1))));
		assertFailsPromptly(() -> this.store.complete(reservation, StoredResponse.of(201, Map.of(), null), lease));
		assertFailsPromptly(() -> this.store.release(reservation));
		assertFailsPromptly(() -> this.store.extendLease(reservation, lease));
		assertFailsPromptly(() -> this.store.find(KEY));
		assertFailsPromptly(() -> this.store.evict(KEY));
	}

	private static void assertFailsPromptly(Executable operation) {
		long start = System.nanoTime();
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(operation::execute)
			.withMessageContaining("Redis");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(elapsed).as("time to fail").isLessThan(BOUND);
	}

}
