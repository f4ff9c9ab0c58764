package dev.idempotency.sample.payments;

/**
 * Thrown when a request names a refund that its payment does not have; the API answers
 * {@code 404}.
 */
public class RefundNotFoundException extends RuntimeException {

	RefundNotFoundException(String message) {
		super(message);
	}

}
