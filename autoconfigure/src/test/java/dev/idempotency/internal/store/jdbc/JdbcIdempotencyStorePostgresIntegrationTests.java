package dev.idempotency.internal.store.jdbc;

import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;

/**
 * The JDBC store on PostgreSQL, in a schema of its own per test.
 */
class JdbcIdempotencyStorePostgresIntegrationTests extends AbstractJdbcIdempotencyStoreTests {

	@Override
	protected IsolatedDatabase createDatabase() {
		return TestServices.postgresSchema("idem_store");
	}

}
