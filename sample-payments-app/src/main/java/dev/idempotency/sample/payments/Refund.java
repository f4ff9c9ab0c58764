package dev.idempotency.sample.payments;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A refund of part or all of a payment.
 *
 * @param id the refund's id, a UUID
 * @param paymentId the payment it refunds
 * @param amountCents the amount refunded, in the payment's currency's minor unit
 * @param createdAt when the refund was made
 */
@JsonPropertyOrder({ "id", "paymentId", "amountCents", "createdAt" })
public record Refund(String id, String paymentId, long amountCents, Instant createdAt) {

}
