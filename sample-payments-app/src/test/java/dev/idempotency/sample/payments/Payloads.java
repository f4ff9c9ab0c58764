package dev.idempotency.sample.payments;

import java.util.UUID;

/**
 * Request bodies of the sample's API, and fresh keys and customers, shared by the
 * in-process tests and the tests that run the application in a process of its own.
 */
public final class Payloads {

	private Payloads() {
	}

	public static String payment(String customerId, long amountCents) {
		return payment(customerId, amountCents, "EUR");
	}

	public static String payment(String customerId, long amountCents, String currency) {
		return """
				{"customerId": "%s", "amountCents": %d, "currency": "%s"}""".formatted(customerId, amountCents, currency);
	}

	public static String refund(long amountCents) {
		return """
				{"amountCents": %d}""".formatted(amountCents);
	}

	public static String newKey() {
		return UUID.randomUUID().toString();
	}

	public static String newCustomer() {
		return "c-" + UUID.randomUUID();
	}

}
