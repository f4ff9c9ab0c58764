package dev.idempotency.sample.payments;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /payments}.
 *
 * @param customerId the customer to charge
 * @param amountCents the amount, in the currency's minor unit
 * @param currency the ISO 4217 currency code, in capitals
 */
public record CreatePaymentRequest(@NotBlank @Size(max = 100) String customerId, @NotNull @Positive Long amountCents,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be three capital letters (ISO 4217)") String currency) {

}
