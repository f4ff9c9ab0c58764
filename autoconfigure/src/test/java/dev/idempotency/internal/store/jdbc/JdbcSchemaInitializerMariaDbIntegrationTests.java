package dev.idempotency.internal.store.jdbc;

import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The JDBC store's schema on MariaDB, in a database of its own per test. Skipped when
 * neither {@value TestServices#MARIADB_URL} nor Docker is available.
 */
class JdbcSchemaInitializerMariaDbIntegrationTests extends AbstractJdbcSchemaInitializerTests {

	@BeforeAll
	static void needsMariaDb() {
		assumeTrue(TestServices.mariadbUrlOrNull() != null, "MariaDB tests skipped: set " + TestServices.MARIADB_URL
				+ " (for example jdbc:mariadb://127.0.0.1:3306/test?user=root) or make Docker available");
	}

	@Override
	protected IsolatedDatabase createDatabase() {
		return TestServices.mariadbDatabase("idem_schema");
	}

}
