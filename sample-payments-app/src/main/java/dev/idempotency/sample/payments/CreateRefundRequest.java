package dev.idempotency.sample.payments;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * The body of {@code POST /payments/{id}/refunds}.
 *
 * @param amountCents the amount to refund, at most what is left of the payment
 */
public record CreateRefundRequest(@NotNull @Positive Long amountCents) {

}
