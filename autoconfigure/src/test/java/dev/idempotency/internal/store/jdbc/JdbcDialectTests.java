package dev.idempotency.internal.store.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Choosing the dialect and writing its SQL.
 */
class JdbcDialectTests {

	@Test
	void choosesTheDialectFromTheProductName() {
		assertThat(JdbcDialect.forProductName("PostgreSQL")).isInstanceOf(PostgresDialect.class);
		assertThat(JdbcDialect.forProductName("H2")).isInstanceOf(H2Dialect.class);
		assertThat(JdbcDialect.forProductName("MySQL").name()).isEqualTo("MySQL");
		assertThat(JdbcDialect.forProductName("MariaDB").name()).isEqualTo("MariaDB");
		assertThat(JdbcDialect.forProductName("MariaDB").migrationFolder()).isEqualTo("mysql");
	}

	@Test
	void refusesAnUnsupportedDatabaseSayingWhatToDo() {
		assertThatIllegalStateException().isThrownBy(() -> JdbcDialect.forProductName("Oracle"))
			.withMessageContaining("'Oracle'")
			.withMessageContaining("IdempotencyStore bean");
	}

	@Test
	void rendersTheDatabaseClockAndDurationsInMilliseconds() {
		assertThat(new PostgresDialect().render("a = <now> AND b > <now + :ttl>")).isEqualTo(
				"a = clock_timestamp() AND b > (clock_timestamp() + CAST(:ttl AS DOUBLE PRECISION) * INTERVAL '1 millisecond')");
		assertThat(new H2Dialect().render("<now + :lease>"))
			.isEqualTo("DATEADD(MILLISECOND, CAST(:lease AS BIGINT), CURRENT_TIMESTAMP)");
		assertThat(JdbcDialect.forProductName("MySQL").render("<now>")).isEqualTo("UTC_TIMESTAMP(6)");
	}

}
