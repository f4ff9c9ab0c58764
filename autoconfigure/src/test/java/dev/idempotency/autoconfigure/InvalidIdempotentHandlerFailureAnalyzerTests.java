package dev.idempotency.autoconfigure;

import java.util.Map;

import dev.idempotency.Idempotent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidIdempotentHandlerFailureAnalyzer}: the startup failure of a
 * misconfigured handler explains what is wrong and how to fix it.
 */
class InvalidIdempotentHandlerFailureAnalyzerTests {

	@Test
	void namesTheHandlerTheProblemAndTheFix() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IdempotencyStoreAutoConfiguration.class,
					IdempotencyAutoConfiguration.class, WebMvcAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class))
			.withUserConfiguration(BadReleaseOnController.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidIdempotentHandlerFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("BadReleaseOnController#create")
					.contains("'server errors' is not a status code");
				assertThat(analysis.getAction()).contains("releaseOn entries as 409 or 5xx");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@RestController
	static class BadReleaseOnController {

		@Idempotent(releaseOn = "server errors")
		@PostMapping("/bad")
		Map<String, String> create() {
			return Map.of();
		}

	}

}
