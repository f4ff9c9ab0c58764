package dev.idempotency.sample.payments;

/**
 * Where a payment stands after its charge and refunds.
 */
public enum PaymentStatus {

	/** Charged in full, nothing refunded. */
	CAPTURED,

	/** Part of the amount has been refunded. */
	PARTIALLY_REFUNDED,

	/** The whole amount has been refunded. */
	REFUNDED;

	static PaymentStatus of(long amountCents, long refundedCents) {
		if (refundedCents == 0) {
			return CAPTURED;
		}
		return (refundedCents < amountCents) ? PARTIALLY_REFUNDED : REFUNDED;
	}

}
