package dev.idempotency.sample.payments;

/**
 * Thrown when the card gateway fails to charge a card; the API answers {@code 502}.
 */
public class CardGatewayException extends RuntimeException {

	CardGatewayException(String message) {
		super(message);
	}

}
