package dev.idempotency.autoconfigure;

import java.time.Clock;

import dev.idempotency.autoconfigure.IdempotencyProperties.StoreType;
import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.internal.event.IdempotencyEvents;
import dev.idempotency.internal.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.store.IdempotencyStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the idempotency store, selected by
 * {@code idempotency.store.type}. An {@link IdempotencyStore} bean of the application's
 * own always wins.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
@Import({ JdbcStoreConfiguration.class, RedisStoreConfiguration.class,
		IdempotencyStoreAutoConfiguration.InMemoryStoreConfiguration.class })
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
		InMemoryIdempotencyStore idempotencyStore(IdempotencyProperties properties) {
			logger.warn("Idempotency records are kept in memory: they are lost on restart and not shared between "
					+ "instances, so run one instance only, or add a DataSource or Redis for a shared store");
			return new InMemoryIdempotencyStore(Clock.systemUTC(), properties.getStore().getInMemory().getMaxRecords());
		}

	}

}
