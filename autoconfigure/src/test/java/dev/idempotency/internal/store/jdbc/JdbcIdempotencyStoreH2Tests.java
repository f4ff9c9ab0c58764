package dev.idempotency.internal.store.jdbc;

import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;

/**
 * The JDBC store on an in-memory H2 database.
 */
class JdbcIdempotencyStoreH2Tests extends AbstractJdbcIdempotencyStoreTests {

	@Override
	protected IsolatedDatabase createDatabase() {
		return TestServices.h2Database("idem_store");
	}

}
