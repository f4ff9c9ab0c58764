package dev.idempotency.store;

import java.time.Instant;

/**
 * A stored record as operators see it, returned by {@link IdempotencyStore#find}.
 * Timestamps come from the store's own clock.
 *
 * @param key scope and key
 * @param status whether the first request still runs or has completed
 * @param fingerprint the fingerprint of the first request
 * @param endpoint the endpoint of the first request, such as {@code POST /payments}
 * @param createdAt when the record was (last) reserved
 * @param leaseExpiresAt when the current lease runs out, {@code null} once completed
 * @param completedAt when the outcome was stored, {@code null} while in flight
 * @param expiresAt when the record stops counting
 * @param attempts how many times the handler was started for this key (takeovers
 * included)
 * @param replays how many times the stored response was replayed, where the store counts
 * them
 * @param response the stored response, {@code null} while in flight
 */
public record IdempotencyRecord(RecordKey key, Status status, Fingerprint fingerprint, String endpoint,
		Instant createdAt, Instant leaseExpiresAt, Instant completedAt, Instant expiresAt, int attempts,
		long replays, StoredResponse response) {

	/**
	 * The state of a record.
	 */
	public enum Status {

		/** A request owns the key and runs the handler. */
		IN_FLIGHT,

		/** The outcome is stored and is replayed to retries. */
		COMPLETED

	}

}
