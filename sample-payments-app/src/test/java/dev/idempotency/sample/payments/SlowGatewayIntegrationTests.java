package dev.idempotency.sample.payments;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static dev.idempotency.sample.payments.PaymentsApi.PROBLEM;
import static dev.idempotency.sample.payments.PaymentsApi.REPLAYED;
import static dev.idempotency.sample.payments.PaymentsApi.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries that arrive while the first request is still charging the card, on an
 * application whose gateway takes a second per charge.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "payments.gateway.latency=1s")
@AutoConfigureRestTestClient
class SlowGatewayIntegrationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private CardGateway gateway;

	private PaymentsApi api;

	@BeforeEach
	void setUp() {
		this.api = new PaymentsApi(this.client);
	}

	@Test
	void retryWhileTheFirstRequestRunsIsAConflictThenAReplay() throws Exception {
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 1250, "EUR");
		CompletableFuture<EntityExchangeResult<byte[]>> first = CompletableFuture
			.supplyAsync(() -> this.api.createPayment(key, body).returnResult(byte[].class));
		awaitCharging(customer);

		this.api.createPayment(key, body)
			.expectStatus().isEqualTo(HttpStatus.CONFLICT)
			.expectHeader().contentType(PROBLEM)
			.expectHeader().valueEquals("Cache-Control", "no-store")
			.expectHeader().value("Retry-After", (seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 30L))
			.expectBody().jsonPath("$.status").isEqualTo(409);

		EntityExchangeResult<byte[]> executed = first.get(10, TimeUnit.SECONDS);
		assertThat(executed.getStatus().value()).isEqualTo(201);
		assertThat(header(executed, REPLAYED)).isNull();
		EntityExchangeResult<byte[]> replay = this.api.createPayment(key, body)
			.expectStatus().isCreated()
			.expectHeader().valueEquals(REPLAYED, "true")
			.expectBody().returnResult();
		assertThat(replay.getResponseBodyContent()).isEqualTo(executed.getResponseBodyContent());
		assertThat(this.gateway.chargeAttempts(customer)).isEqualTo(1);
	}

	@Test
	void anotherRequestWithTheKeyOfARunningOneIsRefused() throws Exception {
		String customer = newCustomer();
		String key = newKey();
		CompletableFuture<EntityExchangeResult<byte[]>> first = CompletableFuture
			.supplyAsync(() -> this.api.createPayment(key, payment(customer, 1250, "EUR")).returnResult(byte[].class));
		awaitCharging(customer);

		this.api.createPayment(key, payment(customer, 9999, "EUR"))
			.expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader().contentType(PROBLEM)
			.expectHeader().valueEquals("Cache-Control", "no-store");

		assertThat(first.get(10, TimeUnit.SECONDS).getStatus().value()).isEqualTo(201);
		assertThat(this.gateway.chargeAttempts(customer)).isEqualTo(1);
		this.api.listPayments(customer)
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].amountCents").isEqualTo(1250);
	}

	/**
	 * Wait until the first request is inside the gateway, and so holds its key.
	 */
	private void awaitCharging(String customer) {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.gateway.chargeAttempts(customer) == 1);
	}

}
