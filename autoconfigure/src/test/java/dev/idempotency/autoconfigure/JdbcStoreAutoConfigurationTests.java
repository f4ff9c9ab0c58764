package dev.idempotency.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import dev.idempotency.internal.store.JoinsTransactions;
import dev.idempotency.internal.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.internal.store.jdbc.JdbcRecordReaper;
import dev.idempotency.internal.store.jdbc.JdbcSchemaException;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer;
import dev.idempotency.internal.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.StoredResponse;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * Auto-configuration of the JDBC store, on an H2 database of its own per test.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcStoreAutoConfigurationTests {

	private IsolatedDatabase database;

	private ApplicationContextRunner runner;

	@BeforeEach
	void createDatabase() {
		this.database = TestServices.h2Database("idem_autoconfig");
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IdempotencyStoreAutoConfiguration.class))
			.withBean(DataSource.class, this.database::dataSource);
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void aDataSourceFromSpringBootsOwnAutoConfigurationSelectsTheJdbcStore() {
		// The DataSource is defined by an auto-configuration processed in the same pass as
		// the starter's, so the store type can only be decided once beans are registered.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					IdempotencyStoreAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + TestServices.uniqueName("idem_boot_datasource"))
			.run((context) -> assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
				.doesNotHaveBean(InMemoryIdempotencyStore.class));
	}

	@Test
	void aDataSourceGetsTheJdbcStoreItsMigratedTableAndTheReaper(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
				.hasSingleBean(JdbcSchemaInitializer.class)
				.hasSingleBean(JdbcRecordReaper.class)
				.doesNotHaveBean(InMemoryIdempotencyStore.class);
			assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(JoinsTransactions.class);
			assertThat(context.getBean(JdbcRecordReaper.class).isRunning()).isTrue();
			assertThat(tableExists("idempotency_record")).isTrue();
			assertThat(tableExists(JdbcSchemaInitializer.HISTORY_TABLE)).isTrue();
			assertThat(context.getBean(IdempotencyStore.class).reserve(request("k", Duration.ofMinutes(1))))
				.isInstanceOf(ReservationResult.Reserved.class);
		});
		assertThat(output).contains("JDBC store (H2 dialect");
	}

	@Test
	void theReaperFollowsItsProperties() {
		this.runner.withPropertyValues("idempotency.store.jdbc.reaper.interval=100ms").run((context) -> {
			IdempotencyStore store = context.getBean(IdempotencyStore.class);
			Duration lifetime = Duration.ofMillis(100);
			ReservationResult.Reserved reserved = (ReservationResult.Reserved) store.reserve(request("k", lifetime));
			assertThat(store.complete(reserved.reservation(), StoredResponse.of(204, Map.of(), null), lifetime)).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> recordCount() == 0);
		});
	}

	@Test
	void theReaperCanBeDisabled() {
		this.runner.withPropertyValues("idempotency.store.jdbc.reaper.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
				.doesNotHaveBean(JdbcRecordReaper.class));
	}

	@Test
	void validateModeFailsStartupWithWhatToDoWhenTheTableIsMissing() {
		this.runner.withPropertyValues("idempotency.store.jdbc.schema-mode=validate").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(schemaFailure(context.getStartupFailure())).hasMessageContaining("idempotency_record table")
				.hasMessageContaining("idempotency.store.jdbc.schema-mode=migrate");
			assertThat(tableExists("idempotency_record")).isFalse();
			assertThat(tableExists(JdbcSchemaInitializer.HISTORY_TABLE)).isFalse();
		});
	}

	@Test
	void validateModeStartsWithoutFlywayOnceTheTableExists() {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("idempotency.store.jdbc.schema-mode=validate")
			.withClassLoader(new FilteredClassLoader(Flyway.class))
			.run((context) -> assertThat(context).hasSingleBean(JdbcIdempotencyStore.class));
	}

	@Test
	void migrateModeWithoutFlywayFailsStartupNamingTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader(Flyway.class)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(schemaFailure(context.getStartupFailure())).hasMessageContaining("org.flywaydb:flyway-core")
				.hasMessageContaining("idempotency.store.jdbc.schema-mode=validate");
		});
	}

	@Test
	void runsAfterTheApplicationsOwnFlywayWhichKeepsItsHistory() {
		this.runner.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
			.withPropertyValues("spring.flyway.locations=classpath:dev/idempotency/app-migration")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JdbcIdempotencyStore.class);
				assertThat(tableExists("flyway_schema_history")).isTrue();
				assertThat(tableExists(JdbcSchemaInitializer.HISTORY_TABLE)).isTrue();
				assertThat(JdbcClient.create(this.database.dataSource())
					.sql("SELECT COUNT(*) FROM app_order")
					.query(Long.class)
					.single()).isOne();
				assertThat(context.getBean(Flyway.class).info().applied()).hasSize(2);
				// The baseline below version 1 shows the application's migrations ran first.
				assertThat(Flyway.configure()
					.dataSource(this.database.dataSource())
					.table(JdbcSchemaInitializer.HISTORY_TABLE)
					.locations("classpath:dev/idempotency/store/jdbc/migration/h2")
					.load()
					.info()
					.applied()).extracting((info) -> info.getVersion().getVersion()).containsExactly("0", "1");
			});
	}

	@Test
	void theApplicationsStoreWins() {
		IdempotencyStore own = mock(IdempotencyStore.class);
		this.runner.withBean("myStore", IdempotencyStore.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(IdempotencyStore.class)
				.doesNotHaveBean(JdbcSchemaInitializer.class)
				.doesNotHaveBean(JdbcRecordReaper.class);
			assertThat(tableExists("idempotency_record")).isFalse();
		});
	}

	@Test
	void anExplicitInMemoryStoreIgnoresTheDataSource() {
		this.runner.withPropertyValues("idempotency.store.type=in-memory")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryIdempotencyStore.class)
				.doesNotHaveBean(JdbcIdempotencyStore.class)
				.doesNotHaveBean(JdbcRecordReaper.class));
	}

	@Test
	void storeTypeJdbcWithoutSpringJdbcFailsStartupSayingWhatToAdd() {
		this.runner.withPropertyValues("idempotency.store.type=jdbc")
			.withClassLoader(new FilteredClassLoader(JdbcClient.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new IdempotencyConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("idempotency.store.type=jdbc")
					.contains("Spring JDBC is not on the classpath (add spring-boot-starter-jdbc)");
				assertThat(analysis.getAction()).contains("idempotency.store.type");
			});
	}

	@Test
	void twoDataSourcesWithoutAPrimaryFailStartupSayingWhichToMark() {
		try (IsolatedDatabase other = TestServices.h2Database("idem_autoconfig_other")) {
			this.runner.withBean("otherDataSource", DataSource.class, other::dataSource).run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new IdempotencyConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("has 2 DataSource beans")
					.contains("exactly one, or one marked @Primary");
			});
		}
	}

	private static JdbcSchemaException schemaFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JdbcSchemaException schemaException) {
				return schemaException;
			}
		}
		throw new AssertionError("Startup did not fail with a JdbcSchemaException", failure);
	}

	private ReservationRequest request(String key, Duration lifetime) {
		return new ReservationRequest(new RecordKey("autoconfig", key), new Fingerprint("v1-sha256", "f".repeat(64)),
				"POST /test", lifetime, lifetime);
	}

	private long recordCount() {
		return JdbcClient.create(this.database.dataSource())
			.sql("SELECT COUNT(*) FROM idempotency_record")
			.query(Long.class)
			.single();
	}

	// H2 folds unquoted names to upper case; Flyway quotes its history table's name.
	private boolean tableExists(String name) throws SQLException {
		try (Connection connection = this.database.dataSource().getConnection()) {
			for (String candidate : new String[] { name, name.toUpperCase() }) {
				try (ResultSet tables = connection.getMetaData().getTables(null, null, candidate, null)) {
					if (tables.next()) {
						return true;
					}
				}
			}
			return false;
		}
	}

}
