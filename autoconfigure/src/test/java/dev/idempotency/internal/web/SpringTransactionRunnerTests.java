package dev.idempotency.internal.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.idempotency.internal.web.TransactionRunner.CommitFailedException;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SpringTransactionRunner}, on a real transaction manager.
 */
class SpringTransactionRunnerTests {

	private IsolatedDatabase database;

	private JdbcTemplate jdbc;

	@BeforeEach
	void createTable() {
		this.database = TestServices.h2Database("transaction_runner");
		this.jdbc = new JdbcTemplate(this.database.dataSource());
		this.jdbc.execute("CREATE TABLE payment (id VARCHAR(36) PRIMARY KEY)");
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void commitsTheWorkOfTheHandler() throws Exception {
		runner().run((transaction) -> this.jdbc.update("INSERT INTO payment (id) VALUES ('p-1')"));

		assertThat(payments()).isOne();
	}

	@Test
	void rollsBackWorkThatAskedForIt() throws Exception {
		runner().run((transaction) -> {
			this.jdbc.update("INSERT INTO payment (id) VALUES ('p-1')");
			transaction.setRollbackOnly();
		});

		assertThat(payments()).isZero();
	}

	@Test
	void aTransactionThatCannotBeginIsNotCommittedAndItsWorkDoesNotRun() throws IOException {
		DriverManagerDataSource unreachable = new DriverManagerDataSource(
				"jdbc:postgresql://127.0.0.1:" + deadPort() + "/none");
		SpringTransactionRunner runner = new SpringTransactionRunner(new DataSourceTransactionManager(unreachable));
		AtomicBoolean ran = new AtomicBoolean();

		// The filter answers this one with 503, as for any store it cannot ask; any other
		// exception would reach the container as a 500.
		assertThatExceptionOfType(CommitFailedException.class).isThrownBy(() -> runner.run((tx) -> ran.set(true)))
			.withCauseInstanceOf(CannotCreateTransactionException.class);
		assertThat(ran).isFalse();
	}

	private SpringTransactionRunner runner() {
		return new SpringTransactionRunner(new DataSourceTransactionManager(this.database.dataSource()));
	}

	private long payments() {
		return this.jdbc.queryForObject("SELECT count(*) FROM payment", Long.class);
	}

	private static int deadPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
