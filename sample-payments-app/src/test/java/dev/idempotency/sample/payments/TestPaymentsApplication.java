package dev.idempotency.sample.payments;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Runs the sample on the {@code redis-postgres} profile with PostgreSQL and Redis in
 * containers, for developers who have Docker:
 * {@code ./mvnw -pl sample-payments-app -am spring-boot:test-run}. Without Docker, start
 * the services yourself and run the jar with the profile (see the README).
 */
public final class TestPaymentsApplication {

	private TestPaymentsApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.from(PaymentsApplication::main)
			.with(Containers.class)
			.withAdditionalProfiles("redis-postgres")
			.run(args);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Containers {

		@Bean
		@ServiceConnection
		PostgreSQLContainer postgres() {
			return new PostgreSQLContainer("postgres:16-alpine");
		}

		@Bean
		@ServiceConnection(name = "redis")
		GenericContainer<?> redis() {
			return new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
		}

	}

}
