package dev.idempotency.autoconfigure;

import java.time.Clock;

import dev.idempotency.autoconfigure.IdempotencyProperties.StoreType;
import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.internal.event.IdempotencyEvents;
import dev.idempotency.internal.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.store.IdempotencyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the idempotency store, selected by
 * {@code idempotency.store.type}. An {@link IdempotencyStore} bean of the application's
 * own always wins.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
@Import({ TieredStoreConfiguration.class, JdbcStoreConfiguration.class, RedisStoreConfiguration.class,
		IdempotencyStoreAutoConfiguration.InMemoryStoreConfiguration.class, MissingStoreConfiguration.class })
public final class IdempotencyStoreAutoConfiguration {

	private static final Log logger = LogFactory.getLog(IdempotencyStoreAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	IdempotencyEvents idempotencyEvents(ObjectProvider<IdempotencyListener> listeners) {
		return new IdempotencyEvents(listeners.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(IdempotencyStore.class)
	@ConditionalOnStoreType(StoreType.IN_MEMORY)
	static class InMemoryStoreConfiguration {

		@Bean
		InMemoryIdempotencyStore idempotencyStore(IdempotencyProperties properties, ListableBeanFactory beans,
				ResourceLoader resourceLoader) {
			String unused = sharedStoresLeftUnused(beans, resourceLoader.getClassLoader());
			if (unused != null) {
				String fix = (properties.getStore().getType() == StoreType.IN_MEMORY)
						? "Remove idempotency.store.type=in-memory to keep them in " + unused + "."
						: "Add spring-boot-starter-jdbc (for a DataSource) or spring-boot-starter-data-redis with "
								+ "Lettuce (for Redis) so that the starter can use " + unused + ".";
				logger.warn("IDEMPOTENCY RECORDS ARE KEPT IN MEMORY although the application has " + unused
						+ ": every instance keeps its own records and forgets them on restart, so a retry that "
						+ "reaches another instance, or comes after a restart, runs the handler again. " + fix);
			}
			else {
				logger.warn("Idempotency records are kept in memory: they are lost on restart and not shared "
						+ "between instances, so run one instance only, or add a DataSource or Redis for a shared store");
			}
			return new InMemoryIdempotencyStore(Clock.systemUTC(), properties.getStore().getInMemory().getMaxRecords());
		}

		private static String sharedStoresLeftUnused(ListableBeanFactory beans, ClassLoader classLoader) {
			boolean dataSource = ClassUtils.isPresent(OnStoreTypeCondition.DATA_SOURCE, classLoader)
					&& beans.getBeanNamesForType(javax.sql.DataSource.class, true, false).length > 0;
			boolean redis = ClassUtils.isPresent(OnStoreTypeCondition.REDIS_CONNECTION_FACTORY, classLoader)
					&& beans.getBeanNamesForType(
							ClassUtils.resolveClassName(OnStoreTypeCondition.REDIS_CONNECTION_FACTORY, classLoader), true,
							false).length > 0;
			if (dataSource && redis) {
				return "a DataSource and Redis";
			}
			return dataSource ? "a DataSource" : (redis ? "Redis" : null);
		}

	}

}
