package dev.idempotency.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Where idempotency records live. The filter owns the flow (validate, fingerprint,
 * reserve, run, complete or release, replay); a store implements only these atomic
 * primitives.
 * <p>
 * Every store honours the same contract, checked by the published
 * {@code AbstractIdempotencyStoreContractTests}:
 * <ul>
 * <li>Each method is atomic with respect to every other call on the same key, from any
 * thread or process that uses the same backing store.</li>
 * <li>Leases and expiry are decided by one clock: the store's (the database's or
 * Redis's), never the calling node's, so clock skew between instances cannot break
 * them.</li>
 * <li>A record whose expiry has passed behaves as if it did not exist.</li>
 * <li>{@link #complete}, {@link #release} and {@link #extendLease} act only for the
 * current reservation (same fencing token) and report whether they did.</li>
 * <li>A store that cannot answer throws {@link StoreUnavailableException}; it never
 * reports a guess.</li>
 * </ul>
 */
public interface IdempotencyStore {

	/**
	 * Reserve a key, in one atomic step:
	 * <ol>
	 * <li>no record, or an expired one: create an in-flight record with a new fencing
	 * token, a lease of {@code request.lease()} and an expiry of {@code request.ttl()};
	 * answer {@link ReservationResult.Reserved} (not a takeover);</li>
	 * <li>an in-flight record whose lease has run out and whose fingerprint equals the
	 * request's: take it over with a new fencing token and lease, counting one more
	 * attempt; answer {@link ReservationResult.Reserved} (a takeover);</li>
	 * <li>any other in-flight record: answer {@link ReservationResult.InProgress};</li>
	 * <li>a completed record: answer {@link ReservationResult.Completed} (whatever the
	 * fingerprint; the caller compares).</li>
	 * </ol>
	 * @param request what to reserve
	 * @return the outcome
	 * @throws StoreUnavailableException if the store cannot answer
	 */
	ReservationResult reserve(ReservationRequest request);

	/**
	 * Store the outcome of a reservation, if it is still the current one. The record
	 * becomes completed and lives for {@code ttl} from now.
	 * @param reservation the caller's reservation
	 * @param response the response to replay
	 * @param ttl how long the completed record lives
	 * @return {@code true} if stored; {@code false} if the reservation is no longer
	 * current (its lease was taken over, or the record was evicted or expired)
	 * @throws StoreUnavailableException if the store cannot answer
	 */
	boolean complete(Reservation reservation, StoredResponse response, Duration ttl);

	/**
	 * Remove the record of a reservation, if it is still the current one, so the next
	 * request with the key runs the handler again.
	 * @param reservation the caller's reservation
	 * @return {@code true} if released; {@code false} if it was no longer current
	 * @throws StoreUnavailableException if the store cannot answer
	 */
	boolean release(Reservation reservation);

	/**
	 * Extend the lease of a reservation to {@code lease} from now, if it is still the
	 * current one.
	 * @param reservation the caller's reservation
	 * @param lease the new lease, counted from now
	 * @return {@code true} if extended; {@code false} if it was no longer current
	 * @throws StoreUnavailableException if the store cannot answer
	 */
	boolean extendLease(Reservation reservation, Duration lease);

	/**
	 * Look up a record without changing it.
	 * @param key the record to find
	 * @return the record, or empty if there is none or it has expired
	 * @throws StoreUnavailableException if the store cannot answer
	 */
	Optional<IdempotencyRecord> find(RecordKey key);

	/**
	 * Remove a record whatever its state, for operators. A request that owned it loses
	 * its reservation: its completion is refused.
	 * @param key the record to remove
	 * @return {@code true} if a record was removed
	 * @throws StoreUnavailableException if the store cannot answer
	 */
	boolean evict(RecordKey key);

}
