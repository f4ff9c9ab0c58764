package dev.idempotency.store;

/**
 * Ownership of an in-flight record, handed out by
 * {@link IdempotencyStore#reserve(ReservationRequest)}.
 * <p>
 * The fencing token changes with every reservation of the key (including a takeover of
 * an expired lease), and stores accept {@code complete}, {@code release} and
 * {@code extendLease} only with the current token. A former owner whose lease was taken
 * over is therefore refused.
 *
 * @param key the reserved record
 * @param fencingToken the token of this reservation
 */
public record Reservation(RecordKey key, long fencingToken) {

	@Override
	public String toString() {
		return "Reservation[" + this.key + ", token=" + this.fencingToken + "]";
	}

}
