package dev.idempotency.store;

/**
 * Thrown by a store that cannot give an answer: it is unreachable, timed out, or failed.
 * The filter answers {@code 503} (or runs the request unprotected when
 * {@code idempotency.store.failure-mode=fail-open}); it never guesses.
 */
public class StoreUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public StoreUnavailableException(String message) {
		super(message);
	}

}
