package dev.idempotency.internal.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyRecord.Status;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.StoreUnavailableException;
import dev.idempotency.store.StoredResponse;

/**
 * Records in a map in this process: for a single instance only, and lost on restart.
 * Every operation is one atomic {@code compute} on the key's entry; time comes from the
 * injected {@link Clock}. The store holds at most {@code maxRecords} live records and
 * refuses new keys beyond that rather than forgetting old ones.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

	private static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);

	private final ConcurrentHashMap<RecordKey, Entry> records = new ConcurrentHashMap<>();

	private final AtomicLong tokens = new AtomicLong();

	private final Clock clock;

	private final int maxRecords;

	private volatile Instant nextPurge;

	public InMemoryIdempotencyStore(Clock clock, int maxRecords) {
		this.clock = clock;
		this.maxRecords = maxRecords;
		this.nextPurge = clock.instant().plus(PURGE_INTERVAL);
	}

	@Override
	public ReservationResult reserve(ReservationRequest request) {
		Instant now = this.clock.instant();
		purgeIfDue(now);
		if (this.records.size() >= this.maxRecords && !this.records.containsKey(request.key())) {
			purgeExpired(now);
			if (this.records.size() >= this.maxRecords) {
				throw new StoreUnavailableException("The in-memory idempotency store is full (" + this.maxRecords
						+ " live records); raise idempotency.store.in-memory.max-records or use a shared store");
			}
		}
		ReservationResult[] result = new ReservationResult[1];
		this.records.compute(request.key(), (key, entry) -> {
			if (entry == null || entry.isExpired(now)) {
				long token = this.tokens.incrementAndGet();
				result[0] = new ReservationResult.Reserved(new Reservation(key, token), false);
				return Entry.reserved(request, token, now, 1);
			}
			if (entry.status == Status.COMPLETED) {
				result[0] = new ReservationResult.Completed(entry.fingerprint, entry.response);
				return entry.fingerprint.equals(request.fingerprint()) ? entry.replayed() : entry;
			}
			if (!entry.leaseExpiresAt.isAfter(now) && entry.fingerprint.equals(request.fingerprint())) {
				long token = this.tokens.incrementAndGet();
				result[0] = new ReservationResult.Reserved(new Reservation(key, token), true);
				return Entry.reserved(request, token, now, entry.attempts + 1);
			}
			result[0] = new ReservationResult.InProgress(entry.fingerprint, Duration.between(now, entry.leaseExpiresAt));
			return entry;
		});
		return result[0];
	}

	@Override
	public boolean complete(Reservation reservation, StoredResponse response, Duration ttl) {
		return updateOwned(reservation, (entry, now) -> entry.completed(response, now, ttl));
	}

	@Override
	public boolean release(Reservation reservation) {
		return updateOwned(reservation, (entry, now) -> null);
	}

	@Override
	public boolean extendLease(Reservation reservation, Duration lease) {
		return updateOwned(reservation, (entry, now) -> entry.withLease(now.plus(lease)));
	}

	/**
	 * Replace the entry of a reservation if it is still the current one, atomically.
	 * @param update the new entry from the current one, or {@code null} to remove it
	 * @return whether the reservation was current
	 */
	private boolean updateOwned(Reservation reservation, java.util.function.BiFunction<Entry, Instant, Entry> update) {
		Instant now = this.clock.instant();
		boolean[] done = new boolean[1];
		this.records.computeIfPresent(reservation.key(), (key, entry) -> {
			if (!entry.isOwnedBy(reservation, now)) {
				return entry.isExpired(now) ? null : entry;
			}
			done[0] = true;
			return update.apply(entry, now);
		});
		return done[0];
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordKey key) {
		Instant now = this.clock.instant();
		Entry entry = this.records.get(key);
		if (entry == null || entry.isExpired(now)) {
			return Optional.empty();
		}
		return Optional.of(entry.toRecord(key));
	}

	@Override
	public boolean evict(RecordKey key) {
		Instant now = this.clock.instant();
		Entry removed = this.records.remove(key);
		return removed != null && !removed.isExpired(now);
	}

	/**
	 * Drop expired records now.
	 * @param now the current time
	 */
	void purgeExpired(Instant now) {
		this.records.values().removeIf((entry) -> entry.isExpired(now));
	}

	int size() {
		return this.records.size();
	}

	private void purgeIfDue(Instant now) {
		if (now.isAfter(this.nextPurge)) {
			this.nextPurge = now.plus(PURGE_INTERVAL);
			purgeExpired(now);
		}
	}

	private record Entry(Status status, Fingerprint fingerprint, String endpoint, long token, Instant createdAt,
			Instant leaseExpiresAt, Instant completedAt, Instant expiresAt, int attempts, long replays,
			StoredResponse response) {

		static Entry reserved(ReservationRequest request, long token, Instant now, int attempts) {
			return new Entry(Status.IN_FLIGHT, request.fingerprint(), request.endpoint(), token, now,
					now.plus(request.lease()), null, now.plus(request.ttl()), attempts, 0, null);
		}

		boolean isExpired(Instant now) {
			return !this.expiresAt.isAfter(now);
		}

		boolean isOwnedBy(Reservation reservation, Instant now) {
			return this.status == Status.IN_FLIGHT && this.token == reservation.fencingToken() && !isExpired(now);
		}

		Entry completed(StoredResponse response, Instant now, Duration ttl) {
			return new Entry(Status.COMPLETED, this.fingerprint, this.endpoint, this.token, this.createdAt, null, now,
					now.plus(ttl), this.attempts, 0, response);
		}

		Entry replayed() {
			return new Entry(this.status, this.fingerprint, this.endpoint, this.token, this.createdAt,
					this.leaseExpiresAt, this.completedAt, this.expiresAt, this.attempts, this.replays + 1,
					this.response);
		}

		Entry withLease(Instant leaseExpiresAt) {
			Instant expiresAt = leaseExpiresAt.isAfter(this.expiresAt) ? leaseExpiresAt : this.expiresAt;
			return new Entry(this.status, this.fingerprint, this.endpoint, this.token, this.createdAt, leaseExpiresAt,
					this.completedAt, expiresAt, this.attempts, this.replays, this.response);
		}

		IdempotencyRecord toRecord(RecordKey key) {
			return new IdempotencyRecord(key, this.status, this.fingerprint, this.endpoint, this.createdAt,
					this.leaseExpiresAt, this.completedAt, this.expiresAt, this.attempts, this.replays,
					this.response);
		}

	}

}
