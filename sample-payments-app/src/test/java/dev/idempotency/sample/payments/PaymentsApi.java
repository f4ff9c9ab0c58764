package dev.idempotency.sample.payments;

import java.nio.charset.StandardCharsets;

import com.jayway.jsonpath.JsonPath;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;

/**
 * The payments API as the tests call it, over HTTP. Every test makes its own keys and
 * customers, so that tests never meet in the shared application.
 */
final class PaymentsApi {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

	private final RestTestClient client;

	PaymentsApi(RestTestClient client) {
		this.client = client;
	}

	ResponseSpec createPayment(String key, String json) {
		return this.client.post()
			.uri("/payments")
			.contentType(MediaType.APPLICATION_JSON)
			.header(IDEMPOTENCY_KEY, key)
			.body(json)
			.exchange();
	}

	ResponseSpec createPaymentWithoutKey(String json) {
		return this.client.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).body(json).exchange();
	}

	ResponseSpec refund(String paymentId, String key, String json) {
		return this.client.post()
			.uri("/payments/{id}/refunds", paymentId)
			.contentType(MediaType.APPLICATION_JSON)
			.header(IDEMPOTENCY_KEY, key)
			.body(json)
			.exchange();
	}

	ResponseSpec get(String path, Object... uriVariables) {
		return this.client.get().uri(path, uriVariables).exchange();
	}

	ResponseSpec listPayments(String customerId) {
		return this.client.get().uri("/payments?customerId={customerId}", customerId).exchange();
	}

	/**
	 * Create a payment that is expected to succeed and return its id.
	 */
	String createdPaymentId(String customerId, long amountCents) {
		byte[] body = createPayment(newKey(), payment(customerId, amountCents, "EUR")).expectStatus()
			.isCreated()
			.expectBody()
			.returnResult()
			.getResponseBodyContent();
		return read(body, "$.id");
	}

	static <T> T read(byte[] json, String path) {
		return JsonPath.read(new String(json, StandardCharsets.UTF_8), path);
	}

	static String header(ExchangeResult result, String name) {
		return result.getResponseHeaders().getFirst(name);
	}

}
