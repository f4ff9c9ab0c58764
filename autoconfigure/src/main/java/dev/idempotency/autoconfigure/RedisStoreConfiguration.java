package dev.idempotency.autoconfigure;

import dev.idempotency.autoconfigure.IdempotencyProperties.StoreType;
import dev.idempotency.internal.store.redis.RedisIdempotencyStore;
import dev.idempotency.store.IdempotencyStore;
import io.lettuce.core.RedisClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis store alone, on the application's Lettuce connection factory, when
 * {@code idempotency.store.type=redis}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ LettuceConnectionFactory.class, RedisClient.class })
@ConditionalOnMissingBean(IdempotencyStore.class)
@ConditionalOnStoreType(StoreType.REDIS)
class RedisStoreConfiguration {

	private static final Log logger = LogFactory.getLog(RedisStoreConfiguration.class);

	@Bean
	RedisIdempotencyStore idempotencyStore(IdempotencyProperties properties,
			ObjectProvider<RedisConnectionFactory> connectionFactories) {
		LettuceConnectionFactory lettuce = lettuce(connectionFactories, "redis");
		IdempotencyProperties.Store.Redis redis = properties.getStore().getRedis();
		logger.info("Idempotency records are kept in Redis alone (key prefix '" + redis.getKeyPrefix()
				+ "', timeout " + redis.getTimeout().toMillis() + " ms): shared by every instance, and lost "
				+ "if Redis loses its data");
		return new RedisIdempotencyStore(lettuce, redis.getKeyPrefix(), redis.getTimeout());
	}

	/**
	 * The application's one Lettuce connection factory, which the Redis and tiered stores
	 * need.
	 * @param connectionFactories the application's connection factories
	 * @param storeType the store being set up, for messages
	 * @return the factory
	 * @throws IdempotencyConfigurationException if there is none, several, or another
	 * client's
	 */
	static LettuceConnectionFactory lettuce(ObjectProvider<RedisConnectionFactory> connectionFactories,
			String storeType) {
		RedisConnectionFactory connectionFactory = connectionFactories.getIfUnique();
		if (connectionFactory == null) {
			throw new IdempotencyConfigurationException("idempotency.store.type=" + storeType
					+ " needs one RedisConnectionFactory bean, and the application has none, or several without a primary.",
					"Configure Redis with spring-boot-starter-data-redis and spring.data.redis.*, mark one connection "
							+ "factory @Primary, or choose another idempotency.store.type.");
		}
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IdempotencyConfigurationException("The " + storeType
					+ " idempotency store needs a LettuceConnectionFactory, but the application's RedisConnectionFactory is "
					+ connectionFactory.getClass().getName() + ".",
					"Use Lettuce (the default client of spring-boot-starter-data-redis), or choose another "
							+ "idempotency.store.type.");
		}
		return lettuce;
	}

}
