package dev.idempotency.sample.payments;

/**
 * Thrown when a request names a payment that does not exist; the API answers
 * {@code 404}.
 */
public class PaymentNotFoundException extends RuntimeException {

	PaymentNotFoundException(String message) {
		super(message);
	}

}
