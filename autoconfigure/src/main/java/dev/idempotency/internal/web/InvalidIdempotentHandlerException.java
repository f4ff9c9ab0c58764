package dev.idempotency.internal.web;

/**
 * An {@code @Idempotent} handler is misconfigured; thrown at startup.
 */
public final class InvalidIdempotentHandlerException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String handler;

	private final String reason;

	InvalidIdempotentHandlerException(String handler, String reason) {
		super("@Idempotent on " + handler + " is invalid: " + reason);
		this.handler = handler;
		this.reason = reason;
	}

	public String getHandler() {
		return this.handler;
	}

	public String getReason() {
		return this.reason;
	}

}
