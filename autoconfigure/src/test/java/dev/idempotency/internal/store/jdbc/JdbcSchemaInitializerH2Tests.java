package dev.idempotency.internal.store.jdbc;

import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;

/**
 * The JDBC store's schema on an in-memory H2 database.
 */
class JdbcSchemaInitializerH2Tests extends AbstractJdbcSchemaInitializerTests {

	@Override
	protected IsolatedDatabase createDatabase() {
		return TestServices.h2Database("idem_schema");
	}

}
