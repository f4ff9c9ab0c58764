package dev.idempotency.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link IdempotencyStore#reserve(ReservationRequest)}.
 */
public sealed interface ReservationResult
		permits ReservationResult.Reserved, ReservationResult.InProgress, ReservationResult.Completed {

	/**
	 * The caller now owns the key and must run the handler, then complete or release.
	 *
	 * @param reservation the ownership handle
	 * @param takeover whether an earlier owner's expired lease was taken over
	 */
	record Reserved(Reservation reservation, boolean takeover) implements ReservationResult {
	}

	/**
	 * Another request owns the key. Returned for a live lease, and for an expired lease
	 * whose fingerprint differs from the caller's (a different request cannot take over
	 * a key whose first request may have had effects).
	 *
	 * @param fingerprint the fingerprint of the owning request
	 * @param leaseRemaining how long the owner's lease still runs, zero or negative if
	 * it has run out
	 */
	record InProgress(Fingerprint fingerprint, Duration leaseRemaining) implements ReservationResult {
	}

	/**
	 * The key has a stored outcome.
	 *
	 * @param fingerprint the fingerprint of the request that produced it
	 * @param response the stored response
	 */
	record Completed(Fingerprint fingerprint, StoredResponse response) implements ReservationResult {

		public Completed {
			Objects.requireNonNull(fingerprint, "fingerprint");
			Objects.requireNonNull(response, "response");
		}

	}

}
