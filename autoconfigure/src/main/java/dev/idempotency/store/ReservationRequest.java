package dev.idempotency.store;

import java.time.Duration;
import java.util.Objects;

/**
 * What the filter asks of a store before it runs a handler.
 *
 * @param key the record to reserve
 * @param fingerprint the fingerprint of this request
 * @param endpoint the endpoint the request is for ({@code POST /payments}), kept for
 * operators
 * @param lease how long the reservation holds before a retry may take it over
 * @param ttl how long the record lives from now (an abandoned in-flight record expires
 * then at the latest)
 */
public record ReservationRequest(RecordKey key, Fingerprint fingerprint, String endpoint, Duration lease,
		Duration ttl) {

	public ReservationRequest {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(fingerprint, "fingerprint");
		Objects.requireNonNull(endpoint, "endpoint");
		if (lease.isNegative() || lease.isZero()) {
			throw new IllegalArgumentException("lease must be positive");
		}
		if (ttl.compareTo(lease) < 0) {
			throw new IllegalArgumentException("ttl must not be shorter than the lease");
		}
	}

}
