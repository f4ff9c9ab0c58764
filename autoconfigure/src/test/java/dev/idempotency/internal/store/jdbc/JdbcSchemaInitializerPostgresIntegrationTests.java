package dev.idempotency.internal.store.jdbc;

import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;

/**
 * The JDBC store's schema on PostgreSQL, in a schema of its own per test.
 */
class JdbcSchemaInitializerPostgresIntegrationTests extends AbstractJdbcSchemaInitializerTests {

	@Override
	protected IsolatedDatabase createDatabase() {
		return TestServices.postgresSchema("idem_schema");
	}

}
