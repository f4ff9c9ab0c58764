package dev.idempotency.store;

import java.util.Objects;

/**
 * What identifies a request for the purpose of telling a retry from a different request
 * that reuses the key. The algorithm id is stored beside the value, so the algorithm can
 * change without old records being compared with the wrong one.
 *
 * @param algorithm identifier of the algorithm that produced the value, such as
 * {@code v1-sha256}
 * @param value the fingerprint, hex-encoded
 */
public record Fingerprint(String algorithm, String value) {

	public Fingerprint {
		Objects.requireNonNull(algorithm, "algorithm");
		Objects.requireNonNull(value, "value");
	}

}
