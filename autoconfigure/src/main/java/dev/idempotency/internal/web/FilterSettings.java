package dev.idempotency.internal.web;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The global settings the filter and the endpoint registry use, taken from the
 * {@code idempotency.*} properties.
 *
 * @param methods HTTP methods that are handled, upper case
 * @param keyHeader name of the key header
 * @param maxKeyLength longest key accepted
 * @param maxRequestBody largest request body accepted, in bytes
 * @param maxResponseBody largest response body stored, in bytes
 * @param ttl default lifetime of completed records
 * @param lease default lease
 * @param maxWait default wait for a concurrent request's outcome
 * @param releaseOn default statuses that are released
 * @param transactional whether handlers run transactionally by default
 * @param excludedResponseHeaders extra response headers never stored
 * @param failOpen whether requests run unprotected when the store is unavailable
 */
public record FilterSettings(Set<String> methods, String keyHeader, int maxKeyLength, long maxRequestBody,
		long maxResponseBody, Duration ttl, Duration lease, Duration maxWait, List<String> releaseOn,
		boolean transactional, List<String> excludedResponseHeaders, boolean failOpen) {

	/**
	 * Check the settings.
	 * @throws IllegalArgumentException naming the property that is out of range
	 */
	public FilterSettings {
		if (maxKeyLength < 1 || maxKeyLength > 255) {
			throw new IllegalArgumentException(
					"idempotency.key.max-length must be between 1 and 255, not " + maxKeyLength);
		}
		if (lease.isZero() || lease.isNegative()) {
			throw new IllegalArgumentException("idempotency.lease must be positive, not " + lease);
		}
		if (ttl.compareTo(lease) < 0) {
			throw new IllegalArgumentException(
					"idempotency.ttl (" + ttl + ") must not be shorter than idempotency.lease (" + lease + ")");
		}
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("idempotency.conflict.max-wait must not be negative");
		}
		if (maxRequestBody < 1 || maxResponseBody < 0) {
			throw new IllegalArgumentException(
					"idempotency.max-request-body must be positive and idempotency.max-response-body not negative");
		}
		try {
			StatusCodes.parse(releaseOn);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("idempotency.release-on: " + ex.getMessage());
		}
	}

}
