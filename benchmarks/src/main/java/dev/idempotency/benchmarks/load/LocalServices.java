package dev.idempotency.benchmarks.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The PostgreSQL and Redis the sample app runs against, and the clean slate each scenario
 * starts from: a schema of the benchmark's own, dropped and created again, and no keys
 * under the benchmark's Redis prefix.
 */
final class LocalServices {

	static final String SCHEMA = "payments_bench";

	static final String REDIS_PREFIX = "idempotency-bench:";

	private final String postgresUrl;

	private final String redisUrl;

	LocalServices(String postgresUrl, String redisUrl) {
		this.postgresUrl = postgresUrl;
		this.redisUrl = redisUrl;
	}

	/** The sample app's properties that point it at these services. */
	Map<String, String> appProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		String separator = this.postgresUrl.contains("?") ? "&" : "?";
		properties.put("spring.datasource.url", this.postgresUrl + separator + "currentSchema=" + SCHEMA);
		properties.put("spring.datasource.username", parameter(this.postgresUrl, "user", "postgres"));
		properties.put("spring.datasource.password", parameter(this.postgresUrl, "password", ""));
		properties.put("spring.data.redis.url", this.redisUrl);
		properties.put("idempotency.store.redis.key-prefix", REDIS_PREFIX);
		return properties;
	}

	void reset() throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.postgresUrl);
				Statement statement = connection.createStatement()) {
			statement.execute("drop schema if exists " + SCHEMA + " cascade");
			statement.execute("create schema " + SCHEMA);
		}
		deleteRedisKeys();
	}

	void dropAll() throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.postgresUrl);
				Statement statement = connection.createStatement()) {
			statement.execute("drop schema if exists " + SCHEMA + " cascade");
		}
		deleteRedisKeys();
	}

	String postgresVersion() throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.postgresUrl);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show server_version")) {
			result.next();
			return result.getString(1);
		}
	}

	String redisVersion() {
		RedisClient client = RedisClient.create(this.redisUrl);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			for (String line : connection.sync().info("server").split("\r?\n")) {
				if (line.startsWith("redis_version:")) {
					return line.substring("redis_version:".length()).trim();
				}
			}
			return "unknown";
		}
		finally {
			client.shutdown();
		}
	}

	private void deleteRedisKeys() {
		RedisClient client = RedisClient.create(this.redisUrl);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> redis = connection.sync();
			ScanArgs match = ScanArgs.Builder.matches(REDIS_PREFIX + "*").limit(1000);
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = redis.scan(cursor, match);
				if (!page.getKeys().isEmpty()) {
					redis.unlink(page.getKeys().toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		finally {
			client.shutdown();
		}
	}

	private static String parameter(String jdbcUrl, String name, String fallback) {
		int query = jdbcUrl.indexOf('?');
		if (query < 0) {
			return fallback;
		}
		for (String pair : jdbcUrl.substring(query + 1).split("&")) {
			if (pair.startsWith(name + "=")) {
				return java.net.URLDecoder.decode(pair.substring(name.length() + 1),
						java.nio.charset.StandardCharsets.UTF_8);
			}
		}
		return fallback;
	}

}
