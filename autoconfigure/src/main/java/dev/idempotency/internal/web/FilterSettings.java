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

}
