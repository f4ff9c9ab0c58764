package dev.idempotency.sample.payments;

/**
 * Thrown when a refund asks for more than what is left of its payment; the API answers
 * {@code 400}.
 */
public class RefundExceedsPaymentException extends RuntimeException {

	private final long remainingCents;

	RefundExceedsPaymentException(String paymentId, long requestedCents, long remainingCents) {
		super("Payment " + paymentId + " has " + remainingCents + " cents left to refund, not " + requestedCents
				+ ".");
		this.remainingCents = remainingCents;
	}

	/**
	 * Return how much of the payment can still be refunded.
	 * @return the remaining amount, in the payment's currency's minor unit
	 */
	public long getRemainingCents() {
		return this.remainingCents;
	}

}
