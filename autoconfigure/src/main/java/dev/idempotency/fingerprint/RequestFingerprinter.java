package dev.idempotency.fingerprint;

import dev.idempotency.store.Fingerprint;

/**
 * Computes the fingerprint that tells a retry of a request from a different request
 * that reuses its key.
 * <p>
 * The starter's default hashes the method, the route pattern and concrete path, the
 * sorted query parameters, the media type and the body in canonical form (JSON members
 * sorted, numbers compared as exact decimals). Declare a bean of this type to replace it.
 * An implementation must be deterministic and must give different values for requests
 * whose effects may differ; its {@link Fingerprint#algorithm() algorithm id} must change
 * whenever its output does.
 */
@FunctionalInterface
public interface RequestFingerprinter {

	/**
	 * Fingerprint a request.
	 * @param request the request, its buffered body and the endpoint's settings
	 * @return the fingerprint
	 * @throws InvalidRequestBodyException if the body must be refused with {@code 400}
	 * (for example, JSON with duplicate member names)
	 */
	Fingerprint fingerprint(FingerprintRequest request);

}
