package dev.idempotency.benchmarks.jmh;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.internal.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer;
import dev.idempotency.internal.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.internal.store.redis.RedisIdempotencyStore;
import dev.idempotency.internal.store.tiered.TieredIdempotencyStore;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.StoredResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Each store's calls for a new key ({@code reserveAndComplete}), a retry of a completed
 * key ({@code replay}) and a lookup ({@code find}), on the local services.
 * <p>
 * PostgreSQL and Redis come from {@value #POSTGRES_URL} and {@value #REDIS_URL}; the
 * benchmark uses a schema and a key prefix of its own and removes them afterwards.
 */
@State(Scope.Thread)
public class StoreBenchmark extends JmhSettings {

	static final String POSTGRES_URL = "IDEMPOTENCY_BENCH_POSTGRES_URL";

	static final String REDIS_URL = "IDEMPOTENCY_BENCH_REDIS_URL";

	private static final String SCHEMA = "idempotency_bench";

	private static final String KEY_PREFIX = "idempotency-bench:";

	private static final Fingerprint FINGERPRINT = new Fingerprint("v1-sha256",
			"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

	private static final Duration LEASE = Duration.ofSeconds(30);

	// Short enough that Redis drops what a crashed run leaves behind.
	private static final Duration TTL = Duration.ofMinutes(10);

	/** The store: in-memory, JDBC on PostgreSQL, Redis, or tiered (Redis and PostgreSQL). */
	@Param({ "memory", "jdbc", "redis", "tiered" })
	public String store;

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final StoredResponse response = StoredResponse.of(201,
			Map.of("Content-Type", List.of("application/json"), "Location", List.of("/payments/pay_7Hq2KxN4")),
			JsonBodies.payment(1024));

	private IdempotencyStore idempotencyStore;

	private LettuceConnectionFactory redis;

	private String postgresUrl;

	private long next;

	private RecordKey completed;

	private ReservationRequest retry;

	@Setup(Level.Trial)
	public void connect() {
		switch (this.store) {
			case "memory" -> {
				// Created per iteration, below.
			}
			case "jdbc" -> this.idempotencyStore = jdbc();
			case "redis" -> this.idempotencyStore = redis();
			case "tiered" -> this.idempotencyStore = new TieredIdempotencyStore(redis(), jdbc(), Clock.systemUTC(), 3,
					Duration.ofSeconds(1), new IdempotencyListener() {
					});
			default -> throw new IllegalArgumentException("Unknown store " + this.store);
		}
		if (!"memory".equals(this.store)) {
			complete();
		}
	}

	@Setup(Level.Iteration)
	public void freshMemoryStore() {
		if ("memory".equals(this.store)) {
			// A store per iteration, so that the records of new keys do not pile up in the
			// heap over the run.
			this.idempotencyStore = new InMemoryIdempotencyStore(Clock.systemUTC(), Integer.MAX_VALUE);
			complete();
		}
	}

	@TearDown(Level.Trial)
	public void disconnect() throws Exception {
		if (this.idempotencyStore instanceof AutoCloseable closeable) {
			closeable.close();
		}
		if (this.redis != null) {
			deleteKeys();
		}
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		if (this.postgresUrl != null) {
			execute(this.postgresUrl, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		}
	}

	@Benchmark
	public boolean reserveAndComplete() {
		ReservationRequest request = request(newKey());
		ReservationResult result = this.idempotencyStore.reserve(request);
		if (!(result instanceof ReservationResult.Reserved reserved)) {
			throw new IllegalStateException("A new key was not reserved: " + result);
		}
		return this.idempotencyStore.complete(reserved.reservation(), this.response, TTL);
	}

	@Benchmark
	public ReservationResult replay() {
		return this.idempotencyStore.reserve(this.retry);
	}

	@Benchmark
	public Optional<IdempotencyRecord> find() {
		return this.idempotencyStore.find(this.completed);
	}

	private RecordKey newKey() {
		return new RecordKey("bench", this.run + "-" + this.next++);
	}

	private static ReservationRequest request(RecordKey key) {
		return new ReservationRequest(key, FINGERPRINT, "POST /payments", LEASE, TTL);
	}

	private void complete() {
		this.completed = newKey();
		this.retry = request(this.completed);
		if (!reserveAndCompleteOnce(this.retry)) {
			throw new IllegalStateException("Could not complete " + this.completed + " in the " + this.store + " store");
		}
	}

	private boolean reserveAndCompleteOnce(ReservationRequest request) {
		ReservationResult result = this.idempotencyStore.reserve(request);
		return result instanceof ReservationResult.Reserved reserved
				&& this.idempotencyStore.complete(reserved.reservation(), this.response, TTL);
	}

	private JdbcIdempotencyStore jdbc() {
		this.postgresUrl = env(POSTGRES_URL, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
		// Left over by a run that did not get to its teardown.
		execute(this.postgresUrl, "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		execute(this.postgresUrl, "CREATE SCHEMA " + SCHEMA);
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(this.postgresUrl + (this.postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
		dataSource.setMaximumPoolSize(4);
		this.resources.add(dataSource);
		new JdbcSchemaInitializer(dataSource, JdbcSchemaInitializer.Mode.MIGRATE, getClass().getClassLoader())
			.initialize();
		return new JdbcIdempotencyStore(dataSource);
	}

	private RedisIdempotencyStore redis() {
		URI uri = URI.create(env(REDIS_URL, "redis://127.0.0.1:6379"));
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(uri.getHost(),
				(uri.getPort() > 0) ? uri.getPort() : 6379);
		if (uri.getUserInfo() != null) {
			String userInfo = uri.getUserInfo();
			int colon = userInfo.indexOf(':');
			configuration.setPassword((colon >= 0) ? userInfo.substring(colon + 1) : userInfo);
		}
		this.redis = new LettuceConnectionFactory(configuration,
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
		this.redis.afterPropertiesSet();
		this.redis.start();
		this.resources.add(this.redis::destroy);
		// A cold first connection can take longer than a store call waits.
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.ping();
		}
		return new RedisIdempotencyStore(this.redis, KEY_PREFIX, Duration.ofSeconds(2));
	}

	private void deleteKeys() {
		try (RedisConnection connection = this.redis.getConnection();
				Cursor<byte[]> cursor = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(KEY_PREFIX + "*").count(1000).build())) {
			List<byte[]> batch = new ArrayList<>();
			while (cursor.hasNext()) {
				batch.add(cursor.next());
				if (batch.size() == 1000) {
					connection.keyCommands().del(batch.toArray(new byte[0][]));
					batch.clear();
				}
			}
			if (!batch.isEmpty()) {
				connection.keyCommands().del(batch.toArray(new byte[0][]));
			}
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	private static void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "': " + ex.getMessage(), ex);
		}
	}

}
