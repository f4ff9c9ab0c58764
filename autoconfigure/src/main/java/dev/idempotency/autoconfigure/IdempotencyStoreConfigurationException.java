package dev.idempotency.autoconfigure;

/**
 * The configured idempotency store cannot be set up. Thrown at startup; the message says
 * what is wrong and what to do, and {@link IdempotencyStoreFailureAnalyzer} shows both.
 */
final class IdempotencyStoreConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String description;

	private final String action;

	IdempotencyStoreConfigurationException(String description, String action) {
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
