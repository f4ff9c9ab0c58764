package dev.idempotency.sample.payments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static dev.idempotency.sample.payments.Payloads.refund;
import static dev.idempotency.sample.payments.PaymentsApi.PROBLEM;
import static dev.idempotency.sample.payments.PaymentsApi.REPLAYED;
import static dev.idempotency.sample.payments.PaymentsApi.header;
import static dev.idempotency.sample.payments.PaymentsApi.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payments API over HTTP, with the application on a random port and its default
 * configuration: an instant gateway that never fails.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class PaymentsApiIntegrationTests {

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
	void createsAPaymentThatCanBeReadBackAndListed() {
		String customer = newCustomer();
		EntityExchangeResult<byte[]> created = this.api.createPayment(newKey(), payment(customer, 1250, "EUR"))
			.expectStatus()
			.isCreated()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectHeader()
			.doesNotExist(REPLAYED)
			.expectBody()
			.jsonPath("$.id").isNotEmpty()
			.jsonPath("$.customerId").isEqualTo(customer)
			.jsonPath("$.amountCents").isEqualTo(1250)
			.jsonPath("$.currency").isEqualTo("EUR")
			.jsonPath("$.refundedCents").isEqualTo(0)
			.jsonPath("$.status").isEqualTo("CAPTURED")
			.jsonPath("$.createdAt").isNotEmpty()
			.returnResult();
		String id = read(created.getResponseBodyContent(), "$.id");
		String json = new String(created.getResponseBodyContent(), StandardCharsets.UTF_8);
		assertThat(header(created, "Location")).isEqualTo("/payments/" + id);
		assertThat(this.gateway.chargeAttempts(customer)).isEqualTo(1);

		this.api.get("/payments/{id}", id).expectStatus().isOk().expectBody().json(json);
		this.api.listPayments(customer).expectStatus().isOk().expectBody().json("[" + json + "]");
	}

	@Test
	void listsOnlyTheCustomersOwnPaymentsOldestFirst() {
		String customer = newCustomer();
		String first = this.api.createdPaymentId(customer, 100);
		String second = this.api.createdPaymentId(customer, 200);
		this.api.createdPaymentId(newCustomer(), 300);

		this.api.listPayments(customer)
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2)
			.jsonPath("$[0].id").isEqualTo(first)
			.jsonPath("$[1].id").isEqualTo(second);
		this.api.listPayments(newCustomer()).expectStatus().isOk().expectBody().json("[]");
	}

	@Test
	void replayReturnsTheStoredResponseWithoutChargingAgain() {
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 1250, "EUR");
		EntityExchangeResult<byte[]> first = this.api.createPayment(key, body)
			.expectStatus().isCreated()
			.expectHeader().doesNotExist(REPLAYED)
			.expectBody().returnResult();

		EntityExchangeResult<byte[]> replay = this.api.createPayment(key, body)
			.expectStatus().isCreated()
			.expectHeader().valueEquals(REPLAYED, "true")
			.expectBody().returnResult();

		assertThat(replay.getResponseBodyContent()).isEqualTo(first.getResponseBodyContent());
		assertThat(header(replay, "Location")).isEqualTo(header(first, "Location"));
		assertThat(header(replay, "Content-Type")).isEqualTo(header(first, "Content-Type"));
		assertThat(this.gateway.chargeAttempts(customer)).isEqualTo(1);
		this.api.listPayments(customer).expectBody().jsonPath("$.length()").isEqualTo(1);
	}

	@Test
	void replayIgnoresMemberOrderAndWhitespace() {
		String customer = newCustomer();
		String key = newKey();
		byte[] first = this.api.createPayment(key, payment(customer, 1250, "EUR"))
			.expectStatus().isCreated()
			.expectBody().returnResult().getResponseBodyContent();

		String reordered = """
				{ "currency" : "EUR",
				  "amountCents" : 1250,
				  "customerId" : "%s" }""".formatted(customer);
		byte[] replay = this.api.createPayment(key, reordered)
			.expectStatus().isCreated()
			.expectHeader().valueEquals(REPLAYED, "true")
			.expectBody().returnResult().getResponseBodyContent();

		assertThat(replay).isEqualTo(first);
		assertThat(this.gateway.chargeAttempts(customer)).isEqualTo(1);
	}

	@Test
	void reusingAKeyForAnotherAmountIsRefused() {
		String customer = newCustomer();
		String key = newKey();
		this.api.createPayment(key, payment(customer, 1250, "EUR")).expectStatus().isCreated();

		this.api.createPayment(key, payment(customer, 9999, "EUR"))
			.expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader().contentType(PROBLEM)
			.expectHeader().valueEquals("Cache-Control", "no-store")
			.expectHeader().doesNotExist(REPLAYED)
			.expectBody().jsonPath("$.status").isEqualTo(422);

		assertThat(this.gateway.chargeAttempts(customer)).isEqualTo(1);
		this.api.listPayments(customer)
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].amountCents").isEqualTo(1250);
	}

	@Test
	void concurrentIdenticalRequestsChargeOnce() throws Exception {
		int requests = 20;
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 1250, "EUR");
		CountDownLatch start = new CountDownLatch(1);
		List<Future<EntityExchangeResult<byte[]>>> futures = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(requests);
		try {
			for (int i = 0; i < requests; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return this.api.createPayment(key, body).returnResult(byte[].class);
				}));
			}
			start.countDown();
			List<EntityExchangeResult<byte[]>> results = new ArrayList<>();
			for (Future<EntityExchangeResult<byte[]>> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}

			List<EntityExchangeResult<byte[]>> executed = results.stream()
				.filter((result) -> result.getStatus().value() == 201 && header(result, REPLAYED) == null)
				.toList();
			assertThat(executed).hasSize(1);
			byte[] original = executed.get(0).getResponseBodyContent();
			for (EntityExchangeResult<byte[]> result : results) {
				if (result.getStatus().value() == 201) {
					assertThat(result.getResponseBodyContent()).isEqualTo(original);
				}
				else {
					assertThat(result.getStatus().value()).isEqualTo(409);
					assertThat(header(result, "Retry-After")).isNotBlank();
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.gateway.chargeAttempts(customer)).isEqualTo(1);
		this.api.listPayments(customer).expectBody().jsonPath("$.length()").isEqualTo(1);
	}

	@Test
	void missingKeyIsRefusedBeforeTheHandlerRuns() {
		String customer = newCustomer();
		this.api.createPaymentWithoutKey(payment(customer, 1250, "EUR"))
			.expectStatus().isBadRequest()
			.expectHeader().contentType(PROBLEM)
			.expectHeader().valueEquals("Cache-Control", "no-store")
			.expectBody()
			.jsonPath("$.status").isEqualTo(400)
			.jsonPath("$.type").value(String.class, (type) -> assertThat(type).endsWith("/key-missing"));

		assertThat(this.gateway.chargeAttempts(customer)).isZero();
		this.api.listPayments(customer).expectBody().json("[]");
	}

	@Test
	void malformedKeyIsRefusedBeforeTheHandlerRuns() {
		String customer = newCustomer();
		this.api.createPayment("k".repeat(256), payment(customer, 1250, "EUR"))
			.expectStatus().isBadRequest()
			.expectHeader().contentType(PROBLEM)
			.expectHeader().valueEquals("Cache-Control", "no-store")
			.expectBody()
			.jsonPath("$.type").value(String.class, (type) -> assertThat(type).endsWith("/key-malformed"));

		assertThat(this.gateway.chargeAttempts(customer)).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { """
			{"amountCents": 1250, "currency": "EUR"}""", """
			{"customerId": "%s", "currency": "EUR"}""", """
			{"customerId": "%s", "amountCents": 0, "currency": "EUR"}""", """
			{"customerId": "%s", "amountCents": -5, "currency": "EUR"}""", """
			{"customerId": "%s", "amountCents": 1250, "currency": "EURO"}""", """
			{"customerId": "%s", "amountCents": 1250, "currency": "E1R"}""", """
			{"customerId": "%s", "amountCents": 1250}""" })
	void invalidPaymentIsAProblemNamingTheField(String template) {
		// Templates without the customer ignore it.
		String customer = newCustomer();
		this.api.createPayment(newKey(), template.formatted(customer))
			.expectStatus().isBadRequest()
			.expectHeader().contentType(PROBLEM)
			.expectBody()
			.jsonPath("$.status").isEqualTo(400)
			.jsonPath("$.errors.length()").isEqualTo(1)
			.jsonPath("$.errors[0].pointer").value(String.class, (pointer) -> assertThat(pointer).startsWith("#/"));

		assertThat(this.gateway.chargeAttempts(customer)).isZero();
		this.api.listPayments(customer).expectBody().json("[]");
	}

	@ParameterizedTest
	@ValueSource(strings = { """
			{"customerId": "%s", "amountCents": 1250, "currency": """, """
			{"customerId": "%s", "amountCents": 12.5, "currency": "EUR"}""", """
			{"customerId": "%s", "amountCents": 1e30, "currency": "EUR"}""", """
			["%s"]""" })
	void unreadablePaymentIsAProblem(String template) {
		String customer = newCustomer();
		this.api.createPayment(newKey(), template.formatted(customer))
			.expectStatus().isBadRequest()
			.expectHeader().contentType(PROBLEM)
			.expectBody().jsonPath("$.status").isEqualTo(400);

		assertThat(this.gateway.chargeAttempts(customer)).isZero();
	}

	@Test
	void invalidRequestIsStoredSoACorrectedRequestNeedsANewKey() {
		String customer = newCustomer();
		String key = newKey();
		byte[] refused = this.api.createPayment(key, payment(customer, 0, "EUR"))
			.expectStatus().isBadRequest()
			.expectBody().returnResult().getResponseBodyContent();

		this.api.createPayment(key, payment(customer, 0, "EUR"))
			.expectStatus().isBadRequest()
			.expectHeader().valueEquals(REPLAYED, "true")
			.expectBody().consumeWith((replay) -> assertThat(replay.getResponseBodyContent()).isEqualTo(refused));
		this.api.createPayment(key, payment(customer, 1250, "EUR"))
			.expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		this.api.createPayment(newKey(), payment(customer, 1250, "EUR")).expectStatus().isCreated();

		assertThat(this.gateway.chargeAttempts(customer)).isEqualTo(1);
	}

	@Test
	void unknownPaymentIsNotFound() {
		this.api.get("/payments/{id}", "no-such-payment")
			.expectStatus().isNotFound()
			.expectHeader().contentType(PROBLEM)
			.expectBody()
			.jsonPath("$.status").isEqualTo(404)
			.jsonPath("$.title").isEqualTo("Payment not found");
	}

	@Test
	void listingWithoutACustomerIsAProblem() {
		this.api.get("/payments").expectStatus().isBadRequest().expectHeader().contentType(PROBLEM);
	}

	@Test
	void refundsPartThenTheRestOfAPayment() {
		String customer = newCustomer();
		String paymentId = this.api.createdPaymentId(customer, 1250);

		EntityExchangeResult<byte[]> refund = this.api.refund(paymentId, newKey(), refund(500))
			.expectStatus().isCreated()
			.expectHeader().doesNotExist(REPLAYED)
			.expectBody()
			.jsonPath("$.id").isNotEmpty()
			.jsonPath("$.paymentId").isEqualTo(paymentId)
			.jsonPath("$.amountCents").isEqualTo(500)
			.jsonPath("$.createdAt").isNotEmpty()
			.returnResult();
		String refundId = read(refund.getResponseBodyContent(), "$.id");
		assertThat(header(refund, "Location")).isEqualTo("/payments/" + paymentId + "/refunds/" + refundId);
		this.api.get(header(refund, "Location"))
			.expectStatus().isOk()
			.expectBody().json(new String(refund.getResponseBodyContent(), StandardCharsets.UTF_8));
		this.api.get("/payments/{id}", paymentId)
			.expectBody()
			.jsonPath("$.refundedCents").isEqualTo(500)
			.jsonPath("$.status").isEqualTo("PARTIALLY_REFUNDED");

		this.api.refund(paymentId, newKey(), refund(750)).expectStatus().isCreated();
		this.api.get("/payments/{id}", paymentId)
			.expectBody()
			.jsonPath("$.refundedCents").isEqualTo(1250)
			.jsonPath("$.status").isEqualTo("REFUNDED");
	}

	@Test
	void refundReplayDoesNotRefundTwice() {
		String paymentId = this.api.createdPaymentId(newCustomer(), 1250);
		String key = newKey();
		EntityExchangeResult<byte[]> first = this.api.refund(paymentId, key, refund(500))
			.expectStatus().isCreated()
			.expectBody().returnResult();

		EntityExchangeResult<byte[]> replay = this.api.refund(paymentId, key, refund(500))
			.expectStatus().isCreated()
			.expectHeader().valueEquals(REPLAYED, "true")
			.expectBody().returnResult();

		assertThat(replay.getResponseBodyContent()).isEqualTo(first.getResponseBodyContent());
		assertThat(header(replay, "Location")).isEqualTo(header(first, "Location"));
		this.api.get("/payments/{id}", paymentId).expectBody().jsonPath("$.refundedCents").isEqualTo(500);
		this.api.refund(paymentId, key, refund(600)).expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
	}

	@Test
	void refundOfMoreThanWhatIsLeftIsAProblem() {
		String paymentId = this.api.createdPaymentId(newCustomer(), 1250);
		this.api.refund(paymentId, newKey(), refund(1000)).expectStatus().isCreated();

		this.api.refund(paymentId, newKey(), refund(251))
			.expectStatus().isBadRequest()
			.expectHeader().contentType(PROBLEM)
			.expectBody()
			.jsonPath("$.title").isEqualTo("Refund exceeds the payment")
			.jsonPath("$.remainingCents").isEqualTo(250);
		this.api.get("/payments/{id}", paymentId).expectBody().jsonPath("$.refundedCents").isEqualTo(1000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"amountCents\": 0}", "{\"amountCents\": -1}", "{}" })
	void invalidRefundIsAProblem(String json) {
		String paymentId = this.api.createdPaymentId(newCustomer(), 1250);
		this.api.refund(paymentId, newKey(), json)
			.expectStatus().isBadRequest()
			.expectHeader().contentType(PROBLEM)
			.expectBody().jsonPath("$.errors[0].pointer").isEqualTo("#/amountCents");
	}

	@Test
	void refundOfAnUnknownPaymentIsNotFound() {
		this.api.refund("no-such-payment", newKey(), refund(100))
			.expectStatus().isNotFound()
			.expectHeader().contentType(PROBLEM)
			.expectBody().jsonPath("$.title").isEqualTo("Payment not found");
		this.api.get("/payments/{id}/refunds/{refundId}", "no-such-payment", "no-such-refund")
			.expectStatus().isNotFound()
			.expectHeader().contentType(PROBLEM)
			.expectBody().jsonPath("$.title").isEqualTo("Refund not found");
	}

	@Test
	void healthIsUpWithoutRedis() {
		this.api.get("/actuator/health").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
	}

}
