package dev.idempotency.internal.store.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * What differs between the databases the JDBC store supports: the clock function, date
 * arithmetic, how scope and key are bound, the atomic claim of a key, and the batched
 * delete of the reaper. Everything else is plain SQL shared by all.
 * <p>
 * Statements are written with two placeholders that {@link #render(String)} replaces:
 * {@code <now>} for the database's current time and {@code <now + :param>} for that time
 * plus a parameter in milliseconds. The database's clock decides every lease and expiry,
 * so instances with skewed clocks agree.
 */
abstract sealed class JdbcDialect permits PostgresDialect, H2Dialect, MySqlDialect {

	/**
	 * Inserts an in-flight record; the conflict handling is the dialect's.
	 */
	static final String INSERT = """
			INSERT INTO idempotency_record (scope, idempotency_key, fingerprint, fingerprint_algorithm, endpoint,
				status, fencing_token, lease_expires_at, attempt_count, replay_count, created_at, expires_at)
			VALUES (:scope, :key, :fingerprint, :algorithm, :endpoint,
				'IN_FLIGHT', :token, <now + :lease>, 1, 0, <now>, <now + :ttl>)
			""";

	/**
	 * Which records the reaper deletes: expired, and not in flight with a live lease (a
	 * lease extended past the expiry still protects its owner).
	 */
	static final String REAPABLE = "expires_at <= <now> AND (status = 'COMPLETED' OR lease_expires_at <= <now>)";

	private static final Pattern NOW_PLUS = Pattern.compile("<now \\+ :(\\w+)>");

	/**
	 * Detect the dialect of a data source from its metadata.
	 * @param dataSource the data source
	 * @return the dialect
	 * @throws IllegalStateException if the database is not supported or cannot be
	 * reached
	 */
	static JdbcDialect detect(DataSource dataSource) {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Could not tell which database the idempotency store's DataSource is: "
					+ ex.getMessage(), ex);
		}
		return forProductName(product);
	}

	static JdbcDialect forProductName(String product) {
		String name = (product != null) ? product.trim() : "";
		if (name.equalsIgnoreCase("PostgreSQL")) {
			return new PostgresDialect();
		}
		if (name.equalsIgnoreCase("H2")) {
			return new H2Dialect();
		}
		if (name.equalsIgnoreCase("MySQL") || name.equalsIgnoreCase("MariaDB")) {
			return new MySqlDialect(name.equalsIgnoreCase("MariaDB") ? "MariaDB" : "MySQL");
		}
		throw new IllegalStateException("The JDBC idempotency store supports PostgreSQL, MySQL, MariaDB and H2, not '"
				+ product + "'; define an IdempotencyStore bean of your own, or use another idempotency.store.type");
	}

	/**
	 * The database's name, for log lines.
	 * @return the name
	 */
	abstract String name();

	/**
	 * The folder of this database's migrations under
	 * {@code dev/idempotency/store/jdbc/migration}.
	 * @return the folder name
	 */
	abstract String migrationFolder();

	/**
	 * The Flyway module that supports this database, besides {@code flyway-core}.
	 * @return its Maven coordinates, or {@code null} if flyway-core suffices
	 */
	abstract String flywayModule();

	/**
	 * A class of {@link #flywayModule()}, to tell whether it is on the classpath.
	 * @return the class name, or {@code null} if flyway-core suffices
	 */
	abstract String flywayModuleClass();

	/**
	 * The SQL expression of the database's current time.
	 * @return the expression
	 */
	abstract String now();

	/**
	 * The SQL expression of the database's current time plus a duration.
	 * @param millisParameter the named parameter, with its colon, that holds the
	 * duration in milliseconds
	 * @return the expression
	 */
	abstract String nowPlus(String millisParameter);

	/**
	 * The value to bind for the scope or the key.
	 * @param text the scope or key
	 * @return what to bind
	 */
	Object text(String text) {
		return text;
	}

	/**
	 * Read a timestamp column.
	 * @param resultSet the row
	 * @param column the column
	 * @return the instant, or {@code null}
	 * @throws SQLException if the column cannot be read
	 */
	Instant instant(ResultSet resultSet, String column) throws SQLException {
		// Columns with a time zone, read as such.
		java.time.OffsetDateTime value = resultSet.getObject(column, java.time.OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * Claim a key for a new reservation in one atomic step: create the record if there
	 * is none, replace it if it has expired, or take it over if it is in flight with a
	 * lease that has run out and the same fingerprint. Otherwise change nothing.
	 * @param jdbc the client
	 * @param parameters the reservation's parameters: {@code scope}, {@code key},
	 * {@code fingerprint}, {@code algorithm}, {@code endpoint}, {@code token},
	 * {@code lease} and {@code ttl} (milliseconds)
	 * @return what happened
	 */
	abstract Claim claim(JdbcClient jdbc, Map<String, Object> parameters);

	/**
	 * Whether {@code UPDATE ... RETURNING} answers with the rows it changed.
	 * @return {@code true} if it does
	 */
	boolean updateReturnsRows() {
		return false;
	}

	/**
	 * A statement that deletes at most {@code :batchSize} expired records, none of them in
	 * flight with a live lease.
	 * @return the SQL, rendered
	 */
	abstract String deleteExpiredBatch();

	/**
	 * Replace {@code <now>} and {@code <now + :param>} with this dialect's SQL.
	 * @param sql the statement
	 * @return the statement for this database
	 */
	final String render(String sql) {
		Matcher matcher = NOW_PLUS.matcher(sql);
		StringBuilder rendered = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(rendered, Matcher.quoteReplacement(nowPlus(":" + matcher.group(1))));
		}
		matcher.appendTail(rendered);
		return rendered.toString().replace("<now>", now());
	}

	/**
	 * The outcome of {@link JdbcDialect#claim}.
	 */
	enum Claim {

		/** A new record, or one that replaced an expired record. */
		RESERVED,

		/** An in-flight record whose lease had run out, taken over. */
		TAKEN_OVER,

		/** Nothing changed: the record is live and not available. */
		REFUSED

	}

}
