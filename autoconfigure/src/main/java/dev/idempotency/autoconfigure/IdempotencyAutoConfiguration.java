package dev.idempotency.autoconfigure;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.fingerprint.RequestFingerprinter;
import dev.idempotency.internal.event.IdempotencyEvents;
import dev.idempotency.internal.event.InstrumentedIdempotencyStore;
import dev.idempotency.internal.observation.MicrometerRequestObserver;
import dev.idempotency.internal.openapi.IdempotencyOperationCustomizer;
import dev.idempotency.internal.fingerprint.DefaultRequestFingerprinter;
import dev.idempotency.internal.scope.DefaultScopeResolver;
import dev.idempotency.internal.store.JoinsTransactions;
import dev.idempotency.internal.web.FilterSettings;
import dev.idempotency.internal.web.IdempotencyFilter;
import dev.idempotency.internal.web.IdempotentHandlers;
import dev.idempotency.internal.web.RequestObserver;
import dev.idempotency.internal.web.SpringTransactionRunner;
import dev.idempotency.internal.web.TransactionRunner;
import dev.idempotency.scope.IdempotencyScopeResolver;
import dev.idempotency.store.IdempotencyStore;
import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of the idempotency filter for Spring MVC applications. The store
 * comes from {@link IdempotencyStoreAutoConfiguration}, or from the application.
 */
@AutoConfiguration(after = IdempotencyStoreAutoConfiguration.class,
		afterName = { "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
public final class IdempotencyAutoConfiguration {

	private static final Log logger = LogFactory.getLog(IdempotencyAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	RequestFingerprinter idempotencyRequestFingerprinter(IdempotencyProperties properties) {
		return new DefaultRequestFingerprinter(properties.getFingerprint().getHeaders());
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotencyScopeResolver idempotencyScopeResolver(IdempotencyProperties properties) {
		DefaultScopeResolver resolver = new DefaultScopeResolver(properties.getScope().getHeader());
		boolean security = ClassUtils.isPresent("org.springframework.security.core.Authentication",
				IdempotencyAutoConfiguration.class.getClassLoader());
		String description = resolver.describe(security);
		if (!security && properties.getScope().getHeader() == null) {
			logger.warn("Idempotency keys are scoped by " + description
					+ ": set idempotency.scope.header, or add Spring Security, if clients must not share keys");
		}
		else {
			logger.info("Idempotency keys are scoped by " + description);
		}
		return resolver;
	}

	@Bean
	IdempotentHandlers idempotentHandlers(ApplicationContext context, IdempotencyProperties properties,
			IdempotencyStore store, ObjectProvider<TransactionRunner> transactionRunner) {
		String transactionsUnavailable = null;
		if (!(store instanceof JoinsTransactions)) {
			transactionsUnavailable = "transactional mode needs the JDBC or tiered store, and the store is "
					+ store.getClass().getSimpleName();
		}
		else if (transactionRunner.getIfAvailable() == null) {
			transactionsUnavailable = "transactional mode needs a single PlatformTransactionManager bean";
		}
		return new IdempotentHandlers(context, settings(properties), transactionsUnavailable);
	}

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilterRegistration(IdempotencyProperties properties,
			IdempotentHandlers handlers, IdempotencyStore store, RequestFingerprinter fingerprinter,
			IdempotencyScopeResolver scopeResolver, IdempotencyEvents events,
			ObjectProvider<TransactionRunner> transactionRunner, ObjectProvider<RequestObserver> observer) {
		IdempotencyListener listener = events.listener();
		IdempotencyStore instrumented = new InstrumentedIdempotencyStore(store, StoreNames.of(store), listener);
		IdempotencyFilter filter = new IdempotencyFilter(settings(properties), handlers, instrumented, fingerprinter,
				scopeResolver, listener, transactionRunner.getIfAvailable(),
				observer.getIfAvailable(() -> RequestObserver.NONE));
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("idempotencyFilter");
		registration.setOrder(properties.getFilter().getOrder());
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
		return registration;
	}

	static FilterSettings settings(IdempotencyProperties properties) {
		Set<String> methods = new LinkedHashSet<>();
		properties.getMethods().forEach((method) -> methods.add(method.trim().toUpperCase(Locale.ROOT)));
		try {
			return new FilterSettings(Set.copyOf(methods), properties.getKey().getHeader(),
					properties.getKey().getMaxLength(), properties.getMaxRequestBody().toBytes(),
					properties.getMaxResponseBody().toBytes(), properties.getTtl(), properties.getLease(),
					properties.getConflict().getMaxWait(), properties.getReleaseOn(), properties.isTransactional(),
					properties.getReplay().getExcludedHeaders(),
					properties.getStore().getFailureMode() == IdempotencyProperties.FailureMode.FAIL_OPEN);
		}
		catch (IllegalArgumentException ex) {
			throw new IdempotencyConfigurationException(ex.getMessage() + ".",
					"Correct the property; docs/configuration.md describes each one.");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springdoc.core.customizers.OperationCustomizer")
	static class OpenApiConfiguration {

		@Bean
		IdempotencyOperationCustomizer idempotencyOperationCustomizer(IdempotentHandlers handlers) {
			return new IdempotencyOperationCustomizer(handlers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		@ConditionalOnBean(ObservationRegistry.class)
		RequestObserver idempotencyRequestObserver(ObservationRegistry registry) {
			return new MicrometerRequestObserver(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(PlatformTransactionManager.class)
	static class TransactionRunnerConfiguration {

		@Bean
		@ConditionalOnSingleCandidate(PlatformTransactionManager.class)
		TransactionRunner idempotencyTransactionRunner(PlatformTransactionManager transactionManager) {
			return new SpringTransactionRunner(transactionManager);
		}

	}

}
