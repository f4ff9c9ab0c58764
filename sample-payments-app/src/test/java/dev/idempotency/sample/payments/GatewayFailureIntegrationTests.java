package dev.idempotency.sample.payments;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static dev.idempotency.sample.payments.PaymentsApi.PROBLEM;
import static dev.idempotency.sample.payments.PaymentsApi.REPLAYED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * A charge that fails: the {@code 502} is not stored, so the client's retry with the same
 * key runs again and charges the card.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class GatewayFailureIntegrationTests {

	@Autowired
	private RestTestClient client;

	@MockitoSpyBean
	private CardGateway gateway;

	private PaymentsApi api;

	@BeforeEach
	void setUp() {
		this.api = new PaymentsApi(this.client);
	}

	@Test
	void failedChargeIsNotStoredAndTheRetryChargesAgain() {
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 1250, "EUR");
		// The first charge fails as the gateway fails at failure-rate 1; the next is real.
		CardGatewayException failure = new CardGatewayException(
				"The card gateway failed to charge the card; no money was taken.");
		doThrow(failure)
			.doCallRealMethod()
			.when(this.gateway)
			.charge(anyString(), eq(customer), anyLong(), anyString());

		this.api.createPayment(key, body)
			.expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
			.expectHeader().contentType(PROBLEM)
			.expectHeader().doesNotExist(REPLAYED)
			.expectBody()
			.jsonPath("$.status").isEqualTo(502)
			.jsonPath("$.title").isEqualTo("Card gateway failure");
		this.api.listPayments(customer).expectBody().json("[]");

		this.api.createPayment(key, body)
			.expectStatus().isCreated()
			.expectHeader().doesNotExist(REPLAYED);
		this.api.createPayment(key, body)
			.expectStatus().isCreated()
			.expectHeader().valueEquals(REPLAYED, "true");

		verify(this.gateway, times(2)).charge(anyString(), eq(customer), anyLong(), anyString());
		assertThat(this.gateway.chargeAttempts(customer)).isEqualTo(1);
		this.api.listPayments(customer).expectBody().jsonPath("$.length()").isEqualTo(1);
	}

}
