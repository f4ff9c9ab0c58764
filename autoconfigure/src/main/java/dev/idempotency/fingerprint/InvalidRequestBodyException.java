package dev.idempotency.fingerprint;

/**
 * Thrown by a {@link RequestFingerprinter} for a body that must be refused with
 * {@code 400} rather than fingerprinted, such as JSON with duplicate member names (which
 * parsers read in different ways, so two requests could mean different things yet look
 * the same).
 */
public class InvalidRequestBodyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public InvalidRequestBodyException(String message) {
		super(message);
	}

}
