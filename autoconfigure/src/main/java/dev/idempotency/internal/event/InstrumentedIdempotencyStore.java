package dev.idempotency.internal.event;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.StoredResponse;

/**
 * Reports the duration and result of every operation of a store to the listeners.
 */
public final class InstrumentedIdempotencyStore implements IdempotencyStore {

	private final IdempotencyStore delegate;

	private final String storeName;

	private final IdempotencyListener listener;

	public InstrumentedIdempotencyStore(IdempotencyStore delegate, String storeName, IdempotencyListener listener) {
		this.delegate = delegate;
		this.storeName = storeName;
		this.listener = listener;
	}

	/**
	 * The store that does the work.
	 * @return the wrapped store
	 */
	public IdempotencyStore delegate() {
		return this.delegate;
	}

	@Override
	public ReservationResult reserve(ReservationRequest request) {
		return timed("reserve", () -> this.delegate.reserve(request));
	}

	@Override
	public boolean complete(Reservation reservation, StoredResponse response, Duration ttl) {
		return timed("complete", () -> this.delegate.complete(reservation, response, ttl));
	}

	@Override
	public boolean release(Reservation reservation) {
		return timed("release", () -> this.delegate.release(reservation));
	}

	@Override
	public boolean extendLease(Reservation reservation, Duration lease) {
		return timed("extend", () -> this.delegate.extendLease(reservation, lease));
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordKey key) {
		return timed("find", () -> this.delegate.find(key));
	}

	@Override
	public boolean evict(RecordKey key) {
		return timed("evict", () -> this.delegate.evict(key));
	}

	private <T> T timed(String operation, Supplier<T> call) {
		long start = System.nanoTime();
		boolean failed = true;
		try {
			T result = call.get();
			failed = false;
			return result;
		}
		finally {
			this.listener.storeOperation(this.storeName, operation, Duration.ofNanos(System.nanoTime() - start), failed);
		}
	}

}
