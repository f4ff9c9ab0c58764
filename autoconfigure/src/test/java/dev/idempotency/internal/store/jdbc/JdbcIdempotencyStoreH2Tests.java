package dev.idempotency.internal.store.jdbc;

import javax.sql.DataSource;

import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;

/**
 * The JDBC store on an in-memory H2 database, with a new connection per statement (so
 * that nothing depends on a connection staying open, as a pool does not promise).
 */
class JdbcIdempotencyStoreH2Tests extends AbstractJdbcIdempotencyStoreTests {

	@Override
	protected IsolatedDatabase createDatabase() {
		return TestServices.h2Database("idem_store");
	}

	@Override
	protected DataSource createDataSource(IsolatedDatabase database) {
		return database.dataSource();
	}

}
