package dev.idempotency.internal.store.jdbc;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.ClassUtils;

/**
 * Makes sure the JDBC store's table exists before the store is used, when the bean is
 * initialized.
 * <p>
 * In {@link Mode#MIGRATE} the starter's own migrations
 * ({@code classpath:dev/idempotency/store/jdbc/migration/<database>}) run through a Flyway
 * instance of the starter's own, with its own history table
 * ({@value #HISTORY_TABLE}), so they never meet the application's migrations. It
 * baselines a schema that already has other tables at version 0, so that version 1 still
 * runs there. In {@link Mode#VALIDATE} nothing is changed: the table and its columns
 * must exist.
 */
public final class JdbcSchemaInitializer implements InitializingBean {

	/** The starter's Flyway history table. */
	public static final String HISTORY_TABLE = "idempotency_schema_history";

	static final String MIGRATIONS = "dev/idempotency/store/jdbc/migration/";

	private static final String FLYWAY = "org.flywaydb.core.Flyway";

	private static final String COLUMNS = "scope, idempotency_key, fingerprint, fingerprint_algorithm, endpoint, "
			+ "status, fencing_token, lease_expires_at, response_status, response_headers, response_body, "
			+ "response_body_mode, outcome_hash, attempt_count, replay_count, created_at, completed_at, expires_at";

	private static final Log logger = LogFactory.getLog(JdbcSchemaInitializer.class);

	private final DataSource dataSource;

	private final Mode mode;

	private final ClassLoader classLoader;

	/**
	 * Create an initializer.
	 * @param dataSource the store's data source
	 * @param mode whether to migrate or only validate
	 * @param classLoader the class loader to find Flyway and the migrations with
	 */
	public JdbcSchemaInitializer(DataSource dataSource, Mode mode, ClassLoader classLoader) {
		this.dataSource = dataSource;
		this.mode = mode;
		this.classLoader = classLoader;
	}

	@Override
	public void afterPropertiesSet() {
		initialize();
	}

	/**
	 * Migrate or validate the schema, as the mode says.
	 * @throws JdbcSchemaException if the table cannot be used
	 */
	public void initialize() {
		JdbcDialect dialect = JdbcDialect.detect(this.dataSource);
		if (this.mode == Mode.MIGRATE) {
			migrate(dialect);
		}
		validate(dialect);
	}

	private void migrate(JdbcDialect dialect) {
		String location = MIGRATIONS + dialect.migrationFolder();
		boolean flyway = ClassUtils.isPresent(FLYWAY, this.classLoader);
		String module = dialect.flywayModule();
		if (!flyway || (dialect.flywayModuleClass() != null
				&& !ClassUtils.isPresent(dialect.flywayModuleClass(), this.classLoader))) {
			String dependencies = "org.flywaydb:flyway-core" + ((module != null) ? " and " + module : "");
			throw new JdbcSchemaException(
					"idempotency.store.jdbc.schema-mode=migrate creates the idempotency_record table with Flyway, "
							+ "but " + (flyway ? module : "Flyway") + " is not on the classpath.",
					"Add " + dependencies + " to your dependencies, or set idempotency.store.jdbc.schema-mode=validate "
							+ "and create the table yourself from classpath:" + location
							+ "/V1__create_idempotency_record.sql.",
					null);
		}
		FlywayMigration.migrate(this.dataSource, this.classLoader, dialect, location);
	}

	private void validate(JdbcDialect dialect) {
		String location = MIGRATIONS + dialect.migrationFolder();
		try {
			JdbcClient.create(this.dataSource)
				.sql("SELECT " + COLUMNS + " FROM idempotency_record WHERE 1 = 0")
				.query()
				.listOfRows();
		}
		catch (BadSqlGrammarException ex) {
			throw new JdbcSchemaException(
					"The idempotency_record table of the JDBC idempotency store is missing or incomplete in "
							+ dialect.name() + " (" + ex.getMostSpecificCause().getMessage() + ").",
					"Create it from classpath:" + location
							+ "/V1__create_idempotency_record.sql (for example as one of your own migrations), or set "
							+ "idempotency.store.jdbc.schema-mode=migrate to let the starter create it.",
					ex);
		}
		catch (DataAccessException ex) {
			throw new JdbcSchemaException(
					"Could not check the idempotency_record table in " + dialect.name() + ": " + ex.getMessage(),
					"Make sure the database is reachable at startup.", ex);
		}
	}

	/**
	 * What the initializer does.
	 */
	public enum Mode {

		/** Create or upgrade the table with the starter's migrations. */
		MIGRATE,

		/** Only check that the table exists. */
		VALIDATE

	}

	/**
	 * Keeps every reference to Flyway's classes here, so that the initializer loads without
	 * Flyway in validate mode.
	 */
	private static final class FlywayMigration {

		static void migrate(DataSource dataSource, ClassLoader classLoader, JdbcDialect dialect, String location) {
			try {
				MigrateResult result = Flyway.configure(classLoader)
					.dataSource(dataSource)
					.locations("classpath:" + location)
					.table(HISTORY_TABLE)
					// A schema that already holds the application's tables is baselined
					// below version 1, so that the table is still created there.
					.baselineOnMigrate(true)
					.baselineVersion("0")
					.baselineDescription("<< idempotency starter baseline >>")
					.failOnMissingLocations(true)
					.load()
					.migrate();
				if (result.migrationsExecuted > 0) {
					logger.info("Migrated the idempotency_record table in " + dialect.name() + " to version "
							+ result.targetSchemaVersion + " (history in " + HISTORY_TABLE + ")");
				}
			}
			catch (FlywayException ex) {
				throw new JdbcSchemaException(
						"The idempotency starter could not migrate its idempotency_record table in " + dialect.name()
								+ ": " + ex.getMessage(),
						"Fix the cause above (the database user needs the right to create tables), or set "
								+ "idempotency.store.jdbc.schema-mode=validate and create the table yourself from "
								+ "classpath:" + location + "/V1__create_idempotency_record.sql.",
						ex);
			}
		}

	}

}
