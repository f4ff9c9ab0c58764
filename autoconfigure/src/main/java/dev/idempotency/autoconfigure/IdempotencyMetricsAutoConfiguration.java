package dev.idempotency.autoconfigure;

import dev.idempotency.internal.metrics.MicrometerIdempotencyListener;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the starter's Micrometer meters, when the application has a
 * {@link MeterRegistry}. The meters are listed in {@code docs/operations.md}.
 */
@AutoConfiguration(before = IdempotencyStoreAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
public final class IdempotencyMetricsAutoConfiguration {

	@Bean
	MicrometerIdempotencyListener idempotencyMicrometerListener(MeterRegistry registry) {
		return new MicrometerIdempotencyListener(registry);
	}

}
