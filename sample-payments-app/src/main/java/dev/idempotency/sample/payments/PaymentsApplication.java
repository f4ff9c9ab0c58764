package dev.idempotency.sample.payments;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * A small payments API whose {@code POST} endpoints are safe to retry with the
 * {@code Idempotency-Key} header, through the idempotency starter.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentsApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(PaymentsApplication.class, args);
	}

}
