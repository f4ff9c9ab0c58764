package dev.idempotency.autoconfigure;

import javax.sql.DataSource;

import dev.idempotency.internal.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.internal.store.jdbc.JdbcSchemaException;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLDatabaseType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auto-configuration of the JDBC store on PostgreSQL, in a schema of its own per test.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcStoreAutoConfigurationPostgresIntegrationTests {

	private IsolatedDatabase database;

	private ApplicationContextRunner runner;

	@BeforeEach
	void createSchema() {
		this.database = TestServices.postgresSchema("idem_autoconfig");
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IdempotencyStoreAutoConfiguration.class))
			.withBean(DataSource.class, this.database::dataSource);
	}

	@AfterEach
	void dropSchema() {
		this.database.close();
	}

	@Test
	void migratesWithItsOwnHistoryBesideTheApplicationsFlyway(CapturedOutput output) {
		this.runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues("spring.flyway.locations=classpath:dev/idempotency/app-migration")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JdbcIdempotencyStore.class);
				assertThat(context.getBean(Flyway.class).info().applied()).hasSize(2);
				JdbcClient jdbc = JdbcClient.create(this.database.dataSource());
				// The baseline below version 1 shows the application's migrations ran first.
				assertThat(jdbc.sql("SELECT version FROM idempotency_schema_history ORDER BY installed_rank")
					.query(String.class)
					.list()).containsExactly("0", "1");
				assertThat(jdbc.sql("SELECT version FROM flyway_schema_history ORDER BY installed_rank")
					.query(String.class)
					.list()).containsExactly("1", "2");
			});
		assertThat(output).contains("JDBC store (PostgreSQL dialect");
	}

	@Test
	void migrateModeWithoutFlywaysPostgresqlModuleFailsStartupNamingIt() {
		this.runner.withClassLoader(new FilteredClassLoader(PostgreSQLDatabaseType.class)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(JdbcSchemaException.class)
				.hasMessageContaining("org.flywaydb:flyway-database-postgresql")
				.hasMessageContaining("idempotency.store.jdbc.schema-mode=validate");
		});
	}

}
