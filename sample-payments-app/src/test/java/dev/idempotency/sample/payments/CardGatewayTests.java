package dev.idempotency.sample.payments;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CardGateway}.
 */
class CardGatewayTests {

	@Test
	void neverFailsAtFailureRateZero() {
		CardGateway gateway = new CardGateway(new GatewayProperties(Duration.ZERO, 0));
		for (int i = 0; i < 100; i++) {
			gateway.charge("p-" + i, "c-1", 100, "EUR");
		}
		assertThat(gateway.chargeAttempts()).isEqualTo(100);
	}

	@Test
	void alwaysFailsAtFailureRateOneAndCountsTheAttempts() {
		CardGateway gateway = new CardGateway(new GatewayProperties(Duration.ZERO, 1));
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(CardGatewayException.class)
				.isThrownBy(() -> gateway.charge("p-1", "c-1", 100, "EUR"));
		}
		assertThat(gateway.chargeAttempts()).isEqualTo(3);
		assertThat(gateway.chargeAttempts("c-1")).isEqualTo(3);
	}

	@Test
	void countsAttemptsPerCustomer() {
		CardGateway gateway = new CardGateway(new GatewayProperties(Duration.ZERO, 0));
		gateway.charge("p-1", "c-1", 100, "EUR");
		gateway.charge("p-2", "c-1", 100, "EUR");
		gateway.charge("p-3", "c-2", 100, "EUR");
		assertThat(gateway.chargeAttempts("c-1")).isEqualTo(2);
		assertThat(gateway.chargeAttempts("c-2")).isEqualTo(1);
		assertThat(gateway.chargeAttempts("c-3")).isZero();
	}

	@Test
	void takesItsLatency() {
		CardGateway gateway = new CardGateway(new GatewayProperties(Duration.ofMillis(100), 0));
		long start = System.nanoTime();
		gateway.charge("p-1", "c-1", 100, "EUR");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
	}

}
