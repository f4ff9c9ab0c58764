package dev.idempotency.internal.store.jdbc;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer.Mode;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC store's schema on one database: the starter's own Flyway and history table in
 * migrate mode, and a clear failure in validate mode. A subclass supplies the database.
 */
abstract class AbstractJdbcSchemaInitializerTests {

	private static final String APP_MIGRATIONS = "classpath:dev/idempotency/app-migration";

	private IsolatedDatabase database;

	private HikariDataSource dataSource;

	/**
	 * Create a database of its own for one test.
	 * @return the database
	 */
	protected abstract IsolatedDatabase createDatabase();

	@BeforeEach
	void createDatabaseForTest() {
		this.database = createDatabase();
		this.dataSource = AbstractJdbcIdempotencyStoreTests.pooled(this.database.url());
	}

	@AfterEach
	void dropDatabase() {
		this.dataSource.close();
		this.database.close();
	}

	@Test
	void migrateCreatesTheTableWithItsOwnHistoryTable() {
		initializer(Mode.MIGRATE).initialize();
		assertThat(recordCount()).isZero();
		assertThat(appliedVersions(starterFlyway())).containsExactly("1");
		assertThat(appliedVersions(appFlyway())).isEmpty();
	}

	@Test
	void migratingAgainChangesNothing() {
		initializer(Mode.MIGRATE).initialize();
		initializer(Mode.MIGRATE).initialize();
		assertThat(appliedVersions(starterFlyway())).containsExactly("1");
	}

	@Test
	void migrateLeavesTheApplicationsOwnMigrationsAndTablesAlone() {
		appFlyway().migrate();
		List<MigrationInfo> before = Arrays.asList(appFlyway().info().applied());
		initializer(Mode.MIGRATE).initialize();
		assertThat(recordCount()).isZero();
		// Baselined below version 1 because the schema already had tables.
		assertThat(appliedVersions(starterFlyway())).containsExactly("0", "1");
		List<MigrationInfo> after = Arrays.asList(appFlyway().info().applied());
		assertThat(after).extracting(MigrationInfo::getVersion).containsExactlyElementsOf(
				before.stream().map(MigrationInfo::getVersion).toList());
		assertThat(after).extracting(MigrationInfo::getChecksum).containsExactlyElementsOf(
				before.stream().map(MigrationInfo::getChecksum).toList());
		assertThat(appFlyway().validateWithResult().validationSuccessful).isTrue();
		assertThat(appFlyway().migrate().migrationsExecuted).isZero();
		assertThat(JdbcClient.create(this.dataSource).sql("SELECT amount FROM app_order WHERE id = 1")
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("12.50");
	}

	@Test
	void validateFailsWithWhatToDoWhenTheTableIsMissing() {
		assertThatExceptionOfType(JdbcSchemaException.class).isThrownBy(() -> initializer(Mode.VALIDATE).initialize())
			.withMessageContaining("idempotency_record table")
			.withMessageContaining("idempotency.store.jdbc.schema-mode=migrate")
			.withMessageContaining("V1__create_idempotency_record.sql")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("schema-mode=migrate"));
		assertThat(appliedVersions(starterFlyway())).isEmpty();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(this::recordCount);
	}

	@Test
	void validateFailsWhenAColumnIsMissing() {
		JdbcClient.create(this.dataSource).sql("CREATE TABLE idempotency_record (scope VARCHAR(255))").update();
		assertThatExceptionOfType(JdbcSchemaException.class).isThrownBy(() -> initializer(Mode.VALIDATE).initialize())
			.withMessageContaining("missing or incomplete");
	}

	@Test
	void validatePassesOnceTheTableExists() {
		initializer(Mode.MIGRATE).initialize();
		initializer(Mode.VALIDATE).initialize();
	}

	private JdbcSchemaInitializer initializer(Mode mode) {
		return new JdbcSchemaInitializer(this.dataSource, mode, getClass().getClassLoader());
	}

	private long recordCount() {
		return JdbcClient.create(this.dataSource)
			.sql("SELECT COUNT(*) FROM idempotency_record")
			.query(Long.class)
			.single();
	}

	private Flyway appFlyway() {
		return Flyway.configure().dataSource(this.dataSource).locations(APP_MIGRATIONS).load();
	}

	private Flyway starterFlyway() {
		JdbcDialect dialect = JdbcDialect.detect(this.dataSource);
		return Flyway.configure()
			.dataSource(this.dataSource)
			.table(JdbcSchemaInitializer.HISTORY_TABLE)
			.locations("classpath:" + JdbcSchemaInitializer.MIGRATIONS + dialect.migrationFolder())
			.load();
	}

	private static List<String> appliedVersions(Flyway flyway) {
		return Arrays.stream(flyway.info().applied()).map((info) -> info.getVersion().getVersion()).toList();
	}

}
