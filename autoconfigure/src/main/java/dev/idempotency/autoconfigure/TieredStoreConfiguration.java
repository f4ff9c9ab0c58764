package dev.idempotency.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import dev.idempotency.autoconfigure.IdempotencyProperties.StoreType;
import dev.idempotency.internal.event.IdempotencyEvents;
import dev.idempotency.internal.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.internal.store.jdbc.JdbcRecordReaper;
import dev.idempotency.internal.store.jdbc.JdbcSchemaInitializer;
import dev.idempotency.internal.store.redis.RedisIdempotencyStore;
import dev.idempotency.internal.store.tiered.TieredIdempotencyStore;
import dev.idempotency.store.IdempotencyStore;
import io.lettuce.core.RedisClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Redis in front of the database, when {@code idempotency.store.type=tiered} (or
 * {@code auto} with both a {@code RedisConnectionFactory} and a {@code DataSource}): the
 * database's table, migrated or validated as for the JDBC store, its reaper, and the
 * tiered store over both.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JdbcClient.class, LettuceConnectionFactory.class, RedisClient.class })
@ConditionalOnMissingBean(IdempotencyStore.class)
@ConditionalOnStoreType(StoreType.TIERED)
@Import(JdbcStoreConfiguration.DatabaseInitializationDependencyConfiguration.class)
class TieredStoreConfiguration {

	private static final Log logger = LogFactory.getLog(TieredStoreConfiguration.class);

	@Bean
	@DependsOnDatabaseInitialization
	JdbcSchemaInitializer idempotencySchemaInitializer(ObjectProvider<DataSource> dataSources,
			IdempotencyProperties properties, ResourceLoader resourceLoader) {
		return JdbcStoreConfiguration.schemaInitializer(dataSource(dataSources), properties, resourceLoader);
	}

	@Bean
	TieredIdempotencyStore idempotencyStore(ObjectProvider<DataSource> dataSources,
			ObjectProvider<RedisConnectionFactory> connectionFactories, IdempotencyProperties properties,
			JdbcSchemaInitializer schemaInitializer, IdempotencyEvents events) {
		LettuceConnectionFactory lettuce = RedisStoreConfiguration.lettuce(connectionFactories, "tiered");
		IdempotencyProperties.Store.Redis redis = properties.getStore().getRedis();
		JdbcIdempotencyStore database = new JdbcIdempotencyStore(dataSource(dataSources));
		logger.info("Idempotency records are kept in the database (" + database.databaseName()
				+ ", table idempotency_record), with Redis in front for reservations and replays (key prefix '"
				+ redis.getKeyPrefix() + "', timeout " + redis.getTimeout().toMillis() + " ms)");
		return new TieredIdempotencyStore(new RedisIdempotencyStore(lettuce, redis.getKeyPrefix(), redis.getTimeout()),
				database, Clock.systemUTC(), redis.getBreaker().getFailureThreshold(),
				redis.getBreaker().getOpenDuration(), events.listener());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "idempotency.store.jdbc.reaper.enabled", matchIfMissing = true)
	JdbcRecordReaper idempotencyRecordReaper(TieredIdempotencyStore store, IdempotencyProperties properties) {
		return JdbcStoreConfiguration.reaper(store.database(), properties);
	}

	private static DataSource dataSource(ObjectProvider<DataSource> dataSources) {
		DataSource dataSource = dataSources.getIfUnique();
		if (dataSource == null) {
			throw new IdempotencyConfigurationException(
					"The tiered idempotency store needs one DataSource bean, and the application has none, or several "
							+ "without a primary.",
					"Configure one DataSource (spring.datasource.*), mark one @Primary, or choose another "
							+ "idempotency.store.type.");
		}
		return dataSource;
	}

}
