package dev.idempotency.internal.web;

import java.time.Duration;
import java.util.List;

/**
 * The settings of one {@code @Idempotent} handler, with every inherited value resolved.
 *
 * @param handler the handler, for messages
 * @param required whether a request without a key is refused
 * @param ttl how long completed records live
 * @param lease how long a reservation holds
 * @param maxWait how long a concurrent retry waits for the first request's outcome
 * @param releaseOn response statuses that are released instead of stored
 * @param transactional whether the handler runs in a transaction with the completion
 * @param ignoredJsonPointers body members left out of the fingerprint
 */
record EndpointPolicy(String handler, boolean required, Duration ttl, Duration lease, Duration maxWait,
		StatusCodes releaseOn, boolean transactional, List<String> ignoredJsonPointers) {

}
