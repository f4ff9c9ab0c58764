package dev.idempotency.autoconfigure;

import javax.sql.DataSource;

import dev.idempotency.autoconfigure.IdempotencyProperties.SchemaMode;
import dev.idempotency.autoconfigure.IdempotencyProperties.Store.Jdbc;
import dev.idempotency.autoconfigure.IdempotencyProperties.StoreType;
import dev.idempotency.internal.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.internal.store.jdbc.JdbcRecordReaper;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer;
import dev.idempotency.store.IdempotencyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The JDBC store on the application's {@link DataSource}: its table (migrated by the
 * starter's own Flyway, or validated), the store, and the reaper of expired records.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnMissingBean(IdempotencyStore.class)
@ConditionalOnStoreType(StoreType.JDBC)
@ConditionalOnSingleCandidate(DataSource.class)
@Import(JdbcStoreConfiguration.DatabaseInitializationDependencyConfiguration.class)
class JdbcStoreConfiguration {

	private static final Log logger = LogFactory.getLog(JdbcStoreConfiguration.class);

	// Runs after the application's own database initialization (its Flyway, Liquibase or
	// SQL scripts): the application's Flyway refuses a non-empty schema without its
	// history table, so the starter's table must not come first.
	@Bean
	@DependsOnDatabaseInitialization
	JdbcSchemaInitializer idempotencySchemaInitializer(DataSource dataSource, IdempotencyProperties properties,
			ResourceLoader resourceLoader) {
		return schemaInitializer(dataSource, properties, resourceLoader);
	}

	@Bean
	JdbcIdempotencyStore idempotencyStore(DataSource dataSource, JdbcSchemaInitializer schemaInitializer) {
		JdbcIdempotencyStore store = new JdbcIdempotencyStore(dataSource);
		logger.info("Idempotency records are kept in the database by the JDBC store (" + store.databaseName()
				+ " dialect, table idempotency_record)");
		return store;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "idempotency.store.jdbc.reaper.enabled", matchIfMissing = true)
	JdbcRecordReaper idempotencyRecordReaper(JdbcIdempotencyStore store, IdempotencyProperties properties) {
		return reaper(store, properties);
	}

	static JdbcSchemaInitializer schemaInitializer(DataSource dataSource, IdempotencyProperties properties,
			ResourceLoader resourceLoader) {
		JdbcSchemaInitializer.Mode mode = (properties.getStore().getJdbc().getSchemaMode() == SchemaMode.VALIDATE)
				? JdbcSchemaInitializer.Mode.VALIDATE : JdbcSchemaInitializer.Mode.MIGRATE;
		return new JdbcSchemaInitializer(dataSource, mode, resourceLoader.getClassLoader());
	}

	static JdbcRecordReaper reaper(JdbcIdempotencyStore store, IdempotencyProperties properties) {
		Jdbc.Reaper reaper = properties.getStore().getJdbc().getReaper();
		return new JdbcRecordReaper(store, reaper.getInterval(), reaper.getBatchSize());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DatabaseInitializationDependencyConfigurer.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class DatabaseInitializationDependencyConfiguration {

	}

}
