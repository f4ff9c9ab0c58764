package dev.idempotency.sample.payments.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.idempotency.test.RedisTestKeys;
import dev.idempotency.test.TcpProxy;
import dev.idempotency.test.TestServices;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A key prefix of one test class on the shared Redis server, and a connection of the
 * test's own to look at (and delete) exactly those keys, never others.
 */
final class RedisPrefix implements AutoCloseable {

	private final URI server = URI.create(TestServices.redisUrl());

	private final String prefix = RedisTestKeys.newPrefix();

	private final LettuceConnectionFactory connectionFactory = TestServices.redisConnectionFactory();

	String prefix() {
		return this.prefix;
	}

	String host() {
		return this.server.getHost();
	}

	int port() {
		return this.server.getPort();
	}

	TcpProxy newProxy() {
		try {
			return new TcpProxy(host(), port());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The keys under the prefix, as text.
	 */
	List<String> keys() {
		return RedisTestKeys.keys(this.connectionFactory, this.prefix)
			.stream()
			.map((key) -> new String(key, StandardCharsets.UTF_8))
			.toList();
	}

	/**
	 * Whether Redis holds a record for an idempotency key (in any scope).
	 */
	boolean holds(String idempotencyKey) {
		return keys().stream().anyMatch((key) -> key.endsWith(":" + idempotencyKey));
	}

	/**
	 * Lose every key under the prefix, as a flushed or failed-over Redis would.
	 */
	long deleteAll() {
		return RedisTestKeys.delete(this.connectionFactory, this.prefix);
	}

	@Override
	public void close() {
		try {
			deleteAll();
		}
		finally {
			this.connectionFactory.destroy();
		}
	}

}
