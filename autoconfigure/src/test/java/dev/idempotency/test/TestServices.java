package dev.idempotency.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real services that integration tests run against.
 * <p>
 * Each service comes from an environment variable; where it is unset and Docker is
 * available, Testcontainers starts the service instead; with neither, the test fails and
 * says what to set. Tests never share data: each gets its own schema, database or key
 * prefix, and removes it afterwards.
 * <ul>
 * <li>{@value #POSTGRES_URL}: a JDBC URL, such as
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}</li>
 * <li>{@value #REDIS_URL}: such as {@code redis://127.0.0.1:6379}</li>
 * <li>{@value #MARIADB_URL}: a JDBC URL, such as
 * {@code jdbc:mariadb://127.0.0.1:3306/test?user=root} (optional: MariaDB tests are
 * skipped without it and without Docker)</li>
 * </ul>
 */
public final class TestServices {

	public static final String POSTGRES_URL = "IDEMPOTENCY_TEST_POSTGRES_URL";

	public static final String REDIS_URL = "IDEMPOTENCY_TEST_REDIS_URL";

	public static final String MARIADB_URL = "IDEMPOTENCY_TEST_MARIADB_URL";

	private static PostgreSQLContainer postgresContainer;

	private static GenericContainer<?> redisContainer;

	private static GenericContainer<?> mariadbContainer;

	private TestServices() {
	}

	/**
	 * The JDBC URL of a PostgreSQL server (no schema selected).
	 * @return the URL
	 */
	public static synchronized String postgresUrl() {
		String url = System.getenv(POSTGRES_URL);
		if (url != null && !url.isBlank()) {
			return url;
		}
		if (dockerAvailable()) {
			if (postgresContainer == null) {
				postgresContainer = new PostgreSQLContainer("postgres:16-alpine");
				postgresContainer.start();
			}
			return postgresContainer.getJdbcUrl() + "&user=" + postgresContainer.getUsername() + "&password="
					+ postgresContainer.getPassword();
		}
		throw missing(POSTGRES_URL, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
	}

	/**
	 * The URL of a Redis server.
	 * @return the URL, {@code redis://host:port}
	 */
	public static synchronized String redisUrl() {
		String url = System.getenv(REDIS_URL);
		if (url != null && !url.isBlank()) {
			return url;
		}
		if (dockerAvailable()) {
			if (redisContainer == null) {
				redisContainer = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
				redisContainer.start();
			}
			return "redis://" + redisContainer.getHost() + ":" + redisContainer.getMappedPort(6379);
		}
		throw missing(REDIS_URL, "redis://127.0.0.1:6379");
	}

	/**
	 * The JDBC URL of a MariaDB server (a database of its own is created per test), or
	 * {@code null} if none is configured and Docker is not available.
	 * @return the URL or {@code null}
	 */
	public static synchronized String mariadbUrlOrNull() {
		String url = System.getenv(MARIADB_URL);
		if (url != null && !url.isBlank()) {
			return url;
		}
		if (dockerAvailable()) {
			if (mariadbContainer == null) {
				mariadbContainer = new GenericContainer<>("mariadb:11").withExposedPorts(3306)
					.withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
					.withEnv("MARIADB_DATABASE", "test")
					.waitingFor(Wait.forLogMessage(".*ready for connections.*", 2));
				mariadbContainer.start();
			}
			return "jdbc:mariadb://" + mariadbContainer.getHost() + ":" + mariadbContainer.getMappedPort(3306)
					+ "/test?user=root";
		}
		return null;
	}

	/**
	 * Create a PostgreSQL schema of its own for a test.
	 * @param prefix the start of the schema name
	 * @return the schema, with a data source whose connections use it
	 */
	public static IsolatedDatabase postgresSchema(String prefix) {
		String schema = uniqueName(prefix);
		String baseUrl = postgresUrl();
		execute(baseUrl, "CREATE SCHEMA " + schema);
		String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
		return new IsolatedDatabase(schema, url, dataSource(url), () -> execute(baseUrl, "DROP SCHEMA " + schema + " CASCADE"));
	}

	/**
	 * Create a MariaDB database of its own for a test.
	 * @param prefix the start of the database name
	 * @return the database
	 */
	public static IsolatedDatabase mariadbDatabase(String prefix) {
		String baseUrl = mariadbUrlOrNull();
		if (baseUrl == null) {
			throw missing(MARIADB_URL, "jdbc:mariadb://127.0.0.1:3306/test?user=root");
		}
		String database = uniqueName(prefix);
		execute(baseUrl, "CREATE DATABASE " + database);
		String url = baseUrl.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + database);
		return new IsolatedDatabase(database, url, dataSource(url), () -> execute(baseUrl, "DROP DATABASE " + database));
	}

	/**
	 * An H2 in-memory database of its own.
	 * @param prefix the start of the database name
	 * @return the database
	 */
	public static IsolatedDatabase h2Database(String prefix) {
		String name = uniqueName(prefix);
		String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
		return new IsolatedDatabase(name, url, dataSource(url), () -> execute(url, "SHUTDOWN"));
	}

	/**
	 * A Lettuce connection factory for the test Redis, started.
	 * @return the factory; destroy it after the test
	 */
	public static LettuceConnectionFactory redisConnectionFactory() {
		java.net.URI uri = java.net.URI.create(redisUrl());
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(5))
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * A name no other test run uses, valid as an SQL identifier and as a Redis key prefix.
	 * @param prefix the start of the name
	 * @return the name
	 */
	public static String uniqueName(String prefix) {
		return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
			.toLowerCase(Locale.ROOT);
	}

	private static DataSource dataSource(String url) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
		return dataSource;
	}

	private static void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + redact(url) + ": " + ex.getMessage(), ex);
		}
	}

	private static String redact(String url) {
		return url.replaceAll("password=[^&]*", "password=***");
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static IllegalStateException missing(String variable, String example) {
		return new IllegalStateException("This test needs a real service. Set " + variable + " (for example "
				+ variable + "=" + example + "), or make Docker available for Testcontainers.");
	}

	/**
	 * A database, schema or in-memory instance that belongs to one test.
	 *
	 * @param name its name
	 * @param url a JDBC URL that connects to it
	 * @param dataSource a data source that connects to it
	 * @param dropAction removes it
	 */
	public record IsolatedDatabase(String name, String url, DataSource dataSource, Runnable dropAction)
			implements AutoCloseable {

		@Override
		public void close() {
			this.dropAction.run();
		}

	}


}
