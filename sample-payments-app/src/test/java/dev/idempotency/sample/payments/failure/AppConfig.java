package dev.idempotency.sample.payments.failure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line properties of one instance of the payments application. They take
 * precedence over every properties file, so an instance runs on exactly the schema,
 * Redis prefix and timings a test gives it.
 */
final class AppConfig {

	private final Map<String, String> properties = new LinkedHashMap<>();

	private AppConfig() {
		set("server.port", "0");
		// A test must see the starter's own failures, not a pool that waits 30 s for a
		// database that is gone.
		set("spring.datasource.hikari.connection-timeout", "1000");
		set("spring.datasource.hikari.validation-timeout", "500");
		set("management.endpoints.web.exposure.include", "health,metrics,idempotency");
	}

	/**
	 * The {@code redis-postgres} profile, as in production: payments in PostgreSQL and
	 * idempotency records in the tiered store.
	 * @param database the schema
	 * @param jdbcUrl how to reach it (straight, or through a proxy)
	 * @param redis the key prefix
	 * @param redisPort the Redis port to use (the server's, or a proxy's)
	 */
	static AppConfig redisPostgres(PaymentsDatabase database, String jdbcUrl, RedisPrefix redis, int redisPort) {
		AppConfig config = new AppConfig();
		config.set("spring.profiles.active", "redis-postgres");
		config.set("spring.datasource.url", jdbcUrl);
		database.user().ifPresent((user) -> config.set("spring.datasource.username", user));
		config.set("spring.datasource.password", database.password().orElse(""));
		config.set("spring.data.redis.host", (redisPort == redis.port()) ? redis.host() : "127.0.0.1");
		config.set("spring.data.redis.port", Integer.toString(redisPort));
		config.set("idempotency.store.redis.key-prefix", redis.prefix());
		return config;
	}

	/**
	 * The {@code redis-postgres} profile straight on the shared servers.
	 */
	static AppConfig redisPostgres(PaymentsDatabase database, RedisPrefix redis) {
		return redisPostgres(database, database.url(), redis, redis.port());
	}

	AppConfig set(String name, Object value) {
		this.properties.put(name, String.valueOf(value));
		return this;
	}

	List<String> args() {
		List<String> args = new ArrayList<>();
		this.properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		return args;
	}

}
