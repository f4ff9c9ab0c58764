package dev.idempotency.autoconfigure;

/**
 * The starter is configured in a way it cannot run: a store whose dependencies are
 * missing, or a property out of range. Thrown at startup; the message says
 * what is wrong and what to do, and {@link IdempotencyConfigurationFailureAnalyzer} shows both.
 */
final class IdempotencyConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String description;

	private final String action;

	IdempotencyConfigurationException(String description, String action) {
		super(description + " Action: " + action);
		this.description = description;
		this.action = action;
	}

	String getDescription() {
		return this.description;
	}

	String getAction() {
		return this.action;
	}

}
