package dev.idempotency.sample.payments;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A card payment, as stored and as returned by the API.
 *
 * @param id the payment's id, a UUID
 * @param customerId the customer who paid
 * @param amountCents the amount charged, in the currency's minor unit
 * @param currency the ISO 4217 currency code
 * @param refundedCents how much of the amount has been refunded so far
 * @param status where the payment stands
 * @param createdAt when the payment was made
 */
@JsonPropertyOrder({ "id", "customerId", "amountCents", "currency", "refundedCents", "status", "createdAt" })
public record Payment(String id, String customerId, long amountCents, String currency, long refundedCents,
		PaymentStatus status, Instant createdAt) {

	long remainingCents() {
		return this.amountCents - this.refundedCents;
	}

}
