package dev.idempotency.autoconfigure;

import java.util.Locale;

import dev.idempotency.autoconfigure.IdempotencyProperties.StoreType;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
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
		String configured = context.getEnvironment().getProperty("idempotency.store.type", "auto");
		StoreType type = StoreType.valueOf(configured.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		if (type != StoreType.AUTO) {
			return type;
		}
		boolean redis = hasBean(context, REDIS_CONNECTION_FACTORY);
		boolean jdbc = hasBean(context, DATA_SOURCE) && isPresent(context, JDBC_CLIENT);
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

	private static boolean hasBean(ConditionContext context, String className) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory == null || !isPresent(context, className)) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(className, context.getClassLoader());
		return beanFactory.getBeanNamesForType(type, true, false).length > 0;
	}

	private static boolean isPresent(ConditionContext context, String className) {
		return ClassUtils.isPresent(className, context.getClassLoader());
	}

}
