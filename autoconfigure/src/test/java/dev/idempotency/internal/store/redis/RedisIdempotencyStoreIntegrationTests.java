package dev.idempotency.internal.store.redis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.idempotency.internal.store.redis.RedisMonitor.Line;
import dev.idempotency.store.AbstractIdempotencyStoreContractTests;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyRecord.Status;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.ReservationResult.Completed;
import dev.idempotency.store.ReservationResult.InProgress;
import dev.idempotency.store.ReservationResult.Reserved;
import dev.idempotency.store.StoreUnavailableException;
import dev.idempotency.store.StoredResponse;
import dev.idempotency.test.RedisTestKeys;
import dev.idempotency.test.TcpProxy;
import dev.idempotency.test.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Redis store passes the store contract on a real Redis, and keeps its promises about
 * keys, scripts, expiry and lost data. Each test has a key prefix of its own and deletes
 * its keys afterwards; the server is shared with other test runs and never flushed.
 */
class RedisIdempotencyStoreIntegrationTests extends AbstractIdempotencyStoreContractTests {

	// Generous, so that a busy shared server cannot fail a contract case; the timeout
	// itself is tested where it is the point.
	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Fingerprint FINGERPRINT = new Fingerprint("v1-sha256", "c".repeat(64));

	private static LettuceConnectionFactory connectionFactory;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private String prefix;

	@BeforeAll
	static void connect() {
		connectionFactory = TestServices.redisConnectionFactory();
		// The first connection of a cold JVM can take longer than a store call may wait.
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.ping();
		}
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Override
	protected IdempotencyStore createStore() {
		this.prefix = RedisTestKeys.newPrefix();
		return new RedisIdempotencyStore(connectionFactory, this.prefix, TIMEOUT);
	}

	@Override
	protected void destroyStore(IdempotencyStore store) {
		((RedisIdempotencyStore) store).close();
		for (AutoCloseable closeable : this.closeables) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		RedisTestKeys.delete(connectionFactory, this.prefix);
	}

	@Test
	void everyScriptTouchesExactlyOneKey() throws Exception {
		try (RedisMonitor monitor = new RedisMonitor(TestServices.redisUrl(), this.prefix)) {
			Reservation first = reserveNew(key("one"));
			store().extendLease(first, LONG);
			store().complete(first, sampleResponse(), LONG);
			store().reserve(request(key("one"), FINGERPRINT, LONG, LONG));
			store().find(key("one"));
			Reservation second = reserveNew(key("two"));
			store().release(second);
			store().evict(key("one"));
			awaitScripts(monitor, 8);
			Set<StoreScript> seen = new HashSet<>();
			for (Line line : monitor.lines()) {
				if (line.command().equals("EVALSHA") || line.command().equals("EVAL")) {
					seen.add(script(line));
					assertThat(line.args().get(2)).as("number of keys of %s", line.args()).isEqualTo("1");
					assertThat(line.args().get(3)).startsWith(this.prefix);
				}
			}
			assertThat(seen).containsExactlyInAnyOrder(StoreScript.values());
			List<List<Line>> runs = scriptRuns(monitor.lines());
			assertThat(runs).isNotEmpty();
			for (List<Line> run : runs) {
				Set<String> keys = new HashSet<>();
				for (Line line : run) {
					if (!line.command().equals("TIME")) {
						keys.add(line.args().get(1));
					}
				}
				assertThat(keys).as("keys touched by one script run %s", run).hasSize(1);
			}
		}
	}

	@Test
	void aRecordIsOneHashUnderAnUnambiguousKeyThatRedisExpires() {
		RecordKey key = new RecordKey("x:\u00e9", "a:b");
		Reservation reservation = reserve(key, FINGERPRINT, LONG, Duration.ofMinutes(10));
		String redisKey = this.prefix + "4:x:\u00e9:a:b";
		try (RedisConnection connection = connectionFactory.getConnection()) {
			byte[] raw = redisKey.getBytes(StandardCharsets.UTF_8);
			Map<byte[], byte[]> fields = connection.hashCommands().hGetAll(raw);
			assertThat(fields).isNotNull();
			Set<String> names = new HashSet<>();
			fields.keySet().forEach((name) -> names.add(new String(name, StandardCharsets.UTF_8)));
			assertThat(names).containsExactlyInAnyOrder("version", "status", "algorithm", "fingerprint", "endpoint",
					"token", "created_at", "lease_expires_at", "expires_at", "attempts", "replays");
			assertThat(connection.keyCommands().pTtl(raw)).isBetween(Duration.ofMinutes(9).toMillis(),
					Duration.ofMinutes(10).toMillis());
			store().complete(reservation, sampleResponse(), Duration.ofMinutes(3));
			assertThat(connection.keyCommands().pTtl(raw)).isBetween(Duration.ofMinutes(2).toMillis(),
					Duration.ofMinutes(3).toMillis());
		}
		assertThat(RedisTestKeys.keys(connectionFactory, this.prefix)).hasSize(1);
	}

	@Test
	void recordsDeletedFromRedisBehaveAsIfTheyNeverExisted() {
		Reservation inFlight = reserveNew(key("in-flight"));
		Reservation done = reserveNew(key("done"));
		assertThat(store().complete(done, sampleResponse(), LONG)).isTrue();
		assertThat(RedisTestKeys.delete(connectionFactory, this.prefix)).isEqualTo(2);
		assertThat(store().find(key("in-flight"))).isEmpty();
		assertThat(store().find(key("done"))).isEmpty();
		assertThat(store().extendLease(inFlight, LONG)).isFalse();
		assertThat(store().complete(inFlight, sampleResponse(), LONG)).isFalse();
		assertThat(store().release(inFlight)).isFalse();
		assertThat(store().evict(key("in-flight"))).isFalse();
		assertThat(store().reserve(request(key("done"), FINGERPRINT, LONG, LONG))).isInstanceOfSatisfying(
				Reserved.class, (reserved) -> assertThat(reserved.takeover()).isFalse());
		assertThat(store().reserve(request(key("in-flight"), FINGERPRINT, LONG, LONG))).isInstanceOfSatisfying(
				Reserved.class, (reserved) -> assertThat(reserved.takeover()).isFalse());
	}

	@Test
	void twoStoresOnOneRedisSeeEachOthersRecords() {
		LettuceConnectionFactory otherFactory = TestServices.redisConnectionFactory();
		this.closeables.add(otherFactory::destroy);
		RedisIdempotencyStore other = new RedisIdempotencyStore(otherFactory, this.prefix, TIMEOUT);
		this.closeables.add(other);
		Reservation reservation = reserveNew(key("shared"));
		assertThat(other.reserve(request(key("shared"), FINGERPRINT, LONG, LONG))).isInstanceOf(InProgress.class);
		assertThat(other.complete(reservation, sampleResponse(), LONG)).isTrue();
		assertThat(store().reserve(request(key("shared"), FINGERPRINT, LONG, LONG))).isInstanceOfSatisfying(
				Completed.class, (completed) -> assertThat(completed.response()).isEqualTo(sampleResponse()));
		assertThat(other.find(key("shared"))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(Status.COMPLETED);
			assertThat(record.replays()).isEqualTo(1);
		});
		assertThat(other.evict(key("shared"))).isTrue();
		assertThat(store().find(key("shared"))).isEmpty();
	}

	@Test
	void aRecordOfAnUnknownFormatIsRefusedNotMisread() {
		RecordKey key = key("future");
		Reservation reservation = reserveNew(key);
		byte[] raw = (this.prefix + key.scope().length() + ":" + key.scope() + ":future")
			.getBytes(StandardCharsets.UTF_8);
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.hashCommands().hSet(raw, bytes("version"), bytes("2"));
		}
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store().reserve(request(key, FINGERPRINT, LONG, LONG)))
			.withMessageContaining("unknown format version");
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store().find(key))
			.withMessageContaining("unknown format version");
		assertThat(store().evict(key)).isTrue();
		assertThat(store().complete(reservation, sampleResponse(), LONG)).isFalse();
	}

	@Test
	void aStoredResponseThatCannotBeReadIsRefusedNotMisread() {
		RecordKey key = key("garbled");
		Reservation reservation = reserveNew(key);
		store().complete(reservation, sampleResponse(), LONG);
		byte[] raw = (this.prefix + key.scope().length() + ":" + key.scope() + ":garbled")
			.getBytes(StandardCharsets.UTF_8);
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.hashCommands().hSet(raw, bytes("response"), new byte[] { 1, 0, (byte) 201, 0, 0 });
		}
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store().reserve(request(key, FINGERPRINT, LONG, LONG)))
			.withMessageContaining("truncated");
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store().find(key))
			.withMessageContaining("truncated");
	}

	@Test
	void aServerThatStopsAnsweringFailsEachCallWithinTheTimeoutAndTheStoreRecovers() throws Exception {
		URI redis = URI.create(TestServices.redisUrl());
		TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort());
		this.closeables.add(proxy);
		LettuceConnectionFactory proxied = new LettuceConnectionFactory(
				new org.springframework.data.redis.connection.RedisStandaloneConfiguration("127.0.0.1",
						proxy.port()));
		proxied.afterPropertiesSet();
		proxied.start();
		this.closeables.add(proxied::destroy);
		RedisIdempotencyStore store = new RedisIdempotencyStore(proxied, this.prefix, Duration.ofMillis(200));
		this.closeables.add(store);
		assertThat(store.reserve(request(key("before"), FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
		proxy.frozen(true);
		for (int i = 0; i < 3; i++) {
			long start = System.nanoTime();
			int attempt = i;
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.reserve(request(key("during-" + attempt), FINGERPRINT, LONG, LONG)))
				.withMessageContaining("within 200 ms");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		proxy.frozen(false);
		assertThat(store.reserve(request(key("after"), FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
		assertThat(store.find(key("before"))).isPresent();
	}

	private Reservation reserveNew(RecordKey key) {
		return reserve(key, FINGERPRINT, LONG);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static StoreScript script(Line line) {
		for (StoreScript script : StoreScript.values()) {
			String named = line.command().equals("EVALSHA") ? script.sha1() : script.source();
			if (line.args().get(1).equals(named)) {
				return script;
			}
		}
		throw new AssertionError("Not a store script: " + line.args().get(1));
	}

	private void awaitScripts(RedisMonitor monitor, int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			long scripts = monitor.lines()
				.stream()
				.filter((line) -> line.command().startsWith("EVAL") && line.args().size() > 3
						&& line.args().get(3).startsWith(this.prefix))
				.count();
			if (scripts >= count) {
				return;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("MONITOR did not show " + count + " script runs");
	}

	// Commands a script runs are contiguous in MONITOR (scripts are atomic), and each
	// run is bounded by a command that no script ran.
	private List<List<Line>> scriptRuns(List<Line> lines) {
		List<List<Line>> runs = new ArrayList<>();
		List<Line> run = new ArrayList<>();
		for (Line line : lines) {
			if (line.lua()) {
				run.add(line);
				continue;
			}
			if (run.stream().anyMatch((inRun) -> inRun.args().stream().anyMatch((arg) -> arg.startsWith(this.prefix)))) {
				runs.add(run);
			}
			run = new ArrayList<>();
		}
		return runs;
	}

}
