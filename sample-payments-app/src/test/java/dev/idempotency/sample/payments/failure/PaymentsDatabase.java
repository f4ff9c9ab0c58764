package dev.idempotency.sample.payments.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.idempotency.test.TcpProxy;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A PostgreSQL schema of one test class on the shared server, holding the application's
 * payments and the starter's idempotency records, and read directly by the test (never
 * through the application under test).
 */
final class PaymentsDatabase implements AutoCloseable {

	private static final Pattern HOST_AND_PORT = Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?/");

	private final IsolatedDatabase schema;

	private final JdbcClient jdbc;

	private PaymentsDatabase(IsolatedDatabase schema) {
		this.schema = schema;
		this.jdbc = JdbcClient.create(schema.dataSource());
	}

	static PaymentsDatabase create(String prefix) {
		return new PaymentsDatabase(TestServices.postgresSchema(prefix));
	}

	/**
	 * The JDBC URL of the schema, straight to the server.
	 */
	String url() {
		return this.schema.url();
	}

	/**
	 * The JDBC URL of the schema through a proxy, so that a test can take the database
	 * away from the application without touching the shared server.
	 */
	String urlThrough(TcpProxy proxy) {
		Matcher matcher = HOST_AND_PORT.matcher(url());
		if (!matcher.find()) {
			throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + url());
		}
		return "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + url().substring(matcher.end());
	}

	/**
	 * A proxy in front of the PostgreSQL server.
	 */
	TcpProxy newProxy() {
		Matcher matcher = HOST_AND_PORT.matcher(url());
		if (!matcher.find()) {
			throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + url());
		}
		int port = (matcher.group(2) != null) ? Integer.parseInt(matcher.group(2)) : 5432;
		try {
			return new TcpProxy(matcher.group(1), port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The user named in the server URL, if any: the application must log in as the
	 * tests do, whatever its profile says.
	 */
	Optional<String> user() {
		return queryParameter("user");
	}

	Optional<String> password() {
		return queryParameter("password");
	}

	private Optional<String> queryParameter(String name) {
		String query = URI.create(url().substring("jdbc:".length())).getRawQuery();
		if (query == null) {
			return Optional.empty();
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).equals(name)) {
				return Optional.of(pair.substring(equals + 1));
			}
		}
		return Optional.empty();
	}

	long payments(String customerId) {
		return this.jdbc.sql("SELECT count(*) FROM payment WHERE customer_id = ?")
			.param(customerId)
			.query(Long.class)
			.single();
	}

	List<String> paymentIds(String customerId) {
		return this.jdbc.sql("SELECT id FROM payment WHERE customer_id = ? ORDER BY created_at")
			.param(customerId)
			.query(String.class)
			.list();
	}

	long refundedCents(String paymentId) {
		return this.jdbc.sql("SELECT refunded_cents FROM payment WHERE id = ?").param(paymentId).query(Long.class).single();
	}

	long refunds(String paymentId) {
		return this.jdbc.sql("SELECT count(*) FROM refund WHERE payment_id = ?").param(paymentId).query(Long.class).single();
	}

	/**
	 * The starter's record of a key, as its table holds it.
	 */
	Optional<Map<String, Object>> record(String key) {
		return this.jdbc
			.sql("SELECT scope, status, fencing_token, response_status, attempt_count FROM idempotency_record "
					+ "WHERE idempotency_key = ?")
			.param(key)
			.query()
			.listOfRows()
			.stream()
			.findFirst();
	}

	List<Map<String, Object>> records(String key) {
		return this.jdbc.sql("SELECT scope, status, response_status FROM idempotency_record WHERE idempotency_key = ?")
			.param(key)
			.query()
			.listOfRows();
	}

	/**
	 * Whether some transaction has written to the payment table of this schema and not
	 * ended yet: a payment is being created.
	 */
	boolean paymentBeingWritten() {
		return this.jdbc.sql("""
				SELECT count(*) FROM pg_locks l
				JOIN pg_class c ON c.oid = l.relation
				JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = ? AND c.relname = 'payment' AND l.mode = 'RowExclusiveLock' AND l.granted
				""").param(this.schema.name()).query(Long.class).single() > 0;
	}

	/**
	 * Lock the payment table against writes until the lock is closed, as a slow database
	 * would hold up a request: a payment request reserves its key and then waits in its
	 * {@code INSERT}.
	 */
	TableLock lockPayments() {
		try {
			Connection connection = this.schema.dataSource().getConnection();
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("LOCK TABLE payment IN SHARE MODE");
			}
			return new TableLock(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not lock the payment table", ex);
		}
	}

	@Override
	public void close() {
		this.schema.close();
	}

	/**
	 * A lock on the payment table, released on close.
	 */
	static final class TableLock implements AutoCloseable {

		private final Connection connection;

		private TableLock(Connection connection) {
			this.connection = connection;
		}

		@Override
		public void close() {
			try {
				this.connection.rollback();
				this.connection.close();
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not release the payment table", ex);
			}
		}

	}

}
