package dev.idempotency.autoconfigure;

import java.util.Locale;

import dev.idempotency.autoconfigure.IdempotencyProperties.StoreType;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Resolves {@code idempotency.store.type}: an explicit type selects that store; {@code auto}
 * selects tiered when the application has both a {@code RedisConnectionFactory} and a
 * {@code DataSource}, JDBC with only a {@code DataSource}, Redis with only a
 * {@code RedisConnectionFactory}, and in-memory with neither.
 */
final class OnStoreTypeCondition extends SpringBootCondition implements ConfigurationCondition {

	static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

	static final String DATA_SOURCE = "javax.sql.DataSource";

	static final String JDBC_CLIENT = "org.springframework.jdbc.core.simple.JdbcClient";

	// For auto, the answer depends on the beans the application defines, which are only
	// all known when beans are registered, not while configuration classes are parsed.
	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		StoreType wanted = (StoreType) metadata.getAnnotationAttributes(ConditionalOnStoreType.class.getName())
			.get("value");
		StoreType selected = selected(context);
		String message = "idempotency.store.type selects " + name(selected);
		return (selected == wanted) ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

	static StoreType selected(ConditionContext context) {
		return selected(context.getEnvironment(), context.getBeanFactory(), context.getClassLoader());
	}

	/**
	 * The store the configuration selects.
	 * @param environment where {@code idempotency.store.type} is read (with Spring Boot's
	 * relaxed binding: {@code in-memory}, {@code IN_MEMORY} and {@code inMemory} agree)
	 * @param beanFactory the application's bean definitions
	 * @param classLoader the application's class loader
	 * @return the selected store type, never {@code AUTO}
	 */
	static StoreType selected(Environment environment, ConfigurableListableBeanFactory beanFactory,
			ClassLoader classLoader) {
		StoreType type = Binder.get(environment).bind("idempotency.store.type", StoreType.class).orElse(StoreType.AUTO);
		if (type != StoreType.AUTO) {
			return type;
		}
		boolean redis = hasBean(beanFactory, classLoader, REDIS_CONNECTION_FACTORY);
		boolean jdbc = hasBean(beanFactory, classLoader, DATA_SOURCE) && ClassUtils.isPresent(JDBC_CLIENT, classLoader);
		if (redis && jdbc) {
			return StoreType.TIERED;
		}
		if (jdbc) {
			return StoreType.JDBC;
		}
		// Redis alone is still shared by every instance, which in-memory is not.
		return redis ? StoreType.REDIS : StoreType.IN_MEMORY;
	}

	static String name(StoreType type) {
		return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static boolean hasBean(ConfigurableListableBeanFactory beanFactory, ClassLoader classLoader,
			String className) {
		if (beanFactory == null || !ClassUtils.isPresent(className, classLoader)) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(className, classLoader);
		return beanFactory.getBeanNamesForType(type, true, false).length > 0;
	}

}
