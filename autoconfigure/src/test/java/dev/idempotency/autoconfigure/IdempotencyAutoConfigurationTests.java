package dev.idempotency.autoconfigure;

import java.util.Map;

import dev.idempotency.Idempotent;
import dev.idempotency.fingerprint.RequestFingerprinter;
import dev.idempotency.internal.store.memory.InMemoryIdempotencyStore;
import dev.idempotency.internal.web.IdempotencyFilter;
import dev.idempotency.internal.web.InvalidIdempotentHandlerException;
import dev.idempotency.scope.IdempotencyScopeResolver;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link IdempotencyAutoConfiguration} and the store selection of
 * {@link IdempotencyStoreAutoConfiguration}.
 */
class IdempotencyAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IdempotencyStoreAutoConfiguration.class,
				IdempotencyAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class));

	@Test
	void registersTheFilterWithAnInMemoryStoreWhenTheApplicationHasNoDataSourceOrRedis() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(IdempotencyStore.class);
			assertThat(context).getBean(IdempotencyStore.class).isInstanceOf(InMemoryIdempotencyStore.class);
			assertThat(context).hasSingleBean(RequestFingerprinter.class);
			assertThat(context).hasSingleBean(IdempotencyScopeResolver.class);
			assertThat(context.getBean(FilterRegistrationBean.class).getFilter()).isInstanceOf(IdempotencyFilter.class);
		});
	}

	@Test
	void canBeTurnedOffEntirely() {
		this.contextRunner.withPropertyValues("idempotency.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(IdempotencyStore.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
		});
	}

	@Test
	void theApplicationsOwnBeansWin() {
		IdempotencyStore store = mock(IdempotencyStore.class);
		RequestFingerprinter fingerprinter = (request) -> new Fingerprint("custom", "x");
		IdempotencyScopeResolver scopeResolver = (request) -> "tenant";
		this.contextRunner.withBean(IdempotencyStore.class, () -> store)
			.withBean(RequestFingerprinter.class, () -> fingerprinter)
			.withBean(IdempotencyScopeResolver.class, () -> scopeResolver)
			.run((context) -> {
				assertThat(context).getBean(IdempotencyStore.class).isSameAs(store);
				assertThat(context).getBean(RequestFingerprinter.class).isSameAs(fingerprinter);
				assertThat(context).getBean(IdempotencyScopeResolver.class).isSameAs(scopeResolver);
			});
	}

	@Test
	void backsOffWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void registersNoFilterOutsideAWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IdempotencyStoreAutoConfiguration.class,
					IdempotencyAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void bindsProperties() {
		this.contextRunner
			.withPropertyValues("idempotency.ttl=2h", "idempotency.lease=10s", "idempotency.methods=POST",
					"idempotency.release-on=5xx", "idempotency.max-request-body=10KB",
					"idempotency.store.failure-mode=fail-open")
			.run((context) -> {
				IdempotencyProperties properties = context.getBean(IdempotencyProperties.class);
				assertThat(properties.getTtl()).hasHours(2);
				assertThat(properties.getLease()).hasSeconds(10);
				assertThat(properties.getMethods()).containsExactly("POST");
				assertThat(properties.getReleaseOn()).containsExactly("5xx");
				assertThat(properties.getMaxRequestBody().toKilobytes()).isEqualTo(10);
				assertThat(properties.getStore().getFailureMode())
					.isEqualTo(IdempotencyProperties.FailureMode.FAIL_OPEN);
			});
	}

	@Test
	void refusesAKeyLengthAboveWhatStoresIndex() {
		this.contextRunner.withPropertyValues("idempotency.key.max-length=300")
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("idempotency.key.max-length must be between 1 and 255"));
	}

	@Test
	void namesTheGlobalPropertyThatIsOutOfRange() {
		this.contextRunner.withPropertyValues("idempotency.release-on=server-errors")
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("idempotency.release-on: 'server-errors' is not a status code"));
		this.contextRunner.withPropertyValues("idempotency.lease=1m", "idempotency.ttl=30s")
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("idempotency.ttl (PT30S) must not be shorter than idempotency.lease (PT1M)"));
	}

	@Test
	void readsTheStoreTypeWithRelaxedBinding() {
		this.contextRunner.withPropertyValues("idempotency.store.type=IN_MEMORY")
			.run((context) -> assertThat(context).getBean(IdempotencyStore.class)
				.isInstanceOf(InMemoryIdempotencyStore.class));
		this.contextRunner.withPropertyValues("idempotency.store.type=bogus")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void failsStartupForAnIdempotentHandlerWithAnInvalidDuration() {
		this.contextRunner.withUserConfiguration(InvalidDurationController.class)
			.run((context) -> assertThat(startupFailure(context))
				.isInstanceOf(InvalidIdempotentHandlerException.class)
				.hasMessageContaining("InvalidDurationController#create")
				.hasMessageContaining("ttl = \"soon\" is not a duration"));
	}

	@Test
	void resolvesPlaceholdersInAttributes() {
		this.contextRunner.withUserConfiguration(PlaceholderController.class)
			.withPropertyValues("payments.idempotency.ttl=soon")
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("ttl = \"${payments.idempotency.ttl}\" is not a duration"));
		this.contextRunner.withUserConfiguration(PlaceholderController.class)
			.withPropertyValues("payments.idempotency.ttl=2h")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void failsStartupForAStreamingIdempotentHandler() {
		this.contextRunner.withUserConfiguration(StreamingController.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("StreamingController#stream")
				.hasMessageContaining("streaming response"));
	}

	@Test
	void failsStartupForATransactionalHandlerOnAStoreThatCannotJoinTransactions() {
		this.contextRunner.withUserConfiguration(TransactionalController.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("TransactionalController#create")
				.hasMessageContaining("transactional mode needs the JDBC or tiered store"));
	}

	private static Throwable startupFailure(
			org.springframework.boot.test.context.assertj.AssertableWebApplicationContext context) {
		assertThat(context).hasFailed();
		return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
	}

	@Test
	void failsStartupForATransactionalHandlerThatFinishesOnAnotherThread() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration.class,
					org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + java.util.UUID.randomUUID())
			.withUserConfiguration(TransactionalAsyncController.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("TransactionalAsyncController#create")
				.hasMessageContaining("it is transactional but returns Callable"));
	}

	@Configuration(proxyBeanMethods = false)
	@RestController
	static class TransactionalAsyncController {

		@Idempotent(transactional = "true")
		@PostMapping("/transactional-async")
		java.util.concurrent.Callable<Map<String, String>> create() {
			return Map::of;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@RestController
	static class InvalidDurationController {

		@Idempotent(ttl = "soon")
		@PostMapping("/invalid")
		Map<String, String> create() {
			return Map.of();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@RestController
	static class PlaceholderController {

		@Idempotent(ttl = "${payments.idempotency.ttl}")
		@PostMapping("/placeholder")
		Map<String, String> create() {
			return Map.of();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@RestController
	static class StreamingController {

		@Idempotent
		@PostMapping("/stream")
		StreamingResponseBody stream() {
			return (out) -> out.write(1);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@RestController
	static class TransactionalController {

		@Idempotent(transactional = "true")
		@PostMapping("/transactional")
		Map<String, String> create() {
			return Map.of();
		}

	}

}
