package dev.idempotency.autoconfigure;

import dev.idempotency.autoconfigure.IdempotencyProperties.StoreType;
import dev.idempotency.store.IdempotencyStore;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Imported last: when {@code idempotency.store.type} asked for a store that none of the
 * store configurations could build, fail startup saying what is missing, rather than with
 * a generic "no bean of type IdempotencyStore".
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(IdempotencyStore.class)
@Conditional(MissingStoreConfiguration.OnSharedStoreType.class)
class MissingStoreConfiguration {

	@Bean
	IdempotencyStore idempotencyStore(ConfigurableListableBeanFactory beans, Environment environment,
			ResourceLoader resourceLoader) {
		StoreType type = OnStoreTypeCondition.selected(environment, beans, resourceLoader.getClassLoader());
		String name = OnStoreTypeCondition.name(type);
		String asked = (Binder.get(environment).bind("idempotency.store.type", StoreType.class).orElse(StoreType.AUTO)
				== StoreType.AUTO) ? "idempotency.store.type=auto selected the " + name + " store"
						: "idempotency.store.type=" + name + " was asked for";
		StringBuilder missing = new StringBuilder();
		ClassLoader classLoader = resourceLoader.getClassLoader();
		boolean needsJdbc = type == StoreType.JDBC || type == StoreType.TIERED;
		boolean needsRedis = type == StoreType.REDIS || type == StoreType.TIERED;
		if (needsJdbc && !ClassUtils.isPresent(OnStoreTypeCondition.JDBC_CLIENT, classLoader)) {
			missing.append(" Spring JDBC is not on the classpath (add spring-boot-starter-jdbc).");
		}
		if (needsJdbc && ClassUtils.isPresent(OnStoreTypeCondition.DATA_SOURCE, classLoader)) {
			int dataSources = beans.getBeanNamesForType(javax.sql.DataSource.class, true, false).length;
			if (dataSources != 1) {
				missing.append(" The application has ").append(dataSources)
					.append(" DataSource beans; the store needs exactly one, or one marked @Primary.");
			}
		}
		if (needsRedis && !(ClassUtils.isPresent("io.lettuce.core.RedisClient", classLoader) && ClassUtils
			.isPresent("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory", classLoader))) {
			missing.append(" Spring Data Redis with Lettuce is not on the classpath (add spring-boot-starter-data-redis).");
		}
		throw new IdempotencyConfigurationException(
				asked + ", but the " + name + " store cannot be set up." + missing,
				"Add what is missing, or set idempotency.store.type to a store the application can run "
						+ "(auto picks one from the beans the application has).");
	}

	static class OnSharedStoreType implements ConfigurationCondition {

		@Override
		public ConfigurationPhase getConfigurationPhase() {
			return ConfigurationPhase.REGISTER_BEAN;
		}

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return OnStoreTypeCondition.selected(context) != StoreType.IN_MEMORY;
		}

	}

}
