package dev.idempotency.internal.store.tiered;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.internal.store.FencingTokens;
import dev.idempotency.internal.store.JoinsTransactions;
import dev.idempotency.internal.store.jdbc.JdbcIdempotencyStore;
import dev.idempotency.internal.store.redis.RedisIdempotencyStore;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.ReservationResult.Completed;
import dev.idempotency.store.ReservationResult.InProgress;
import dev.idempotency.store.ReservationResult.Reserved;
import dev.idempotency.store.StoreUnavailableException;
import dev.idempotency.store.StoredResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Redis in front, the database behind: Redis is the fast path for reservations and
 * replays, the database is the source of truth.
 * <ol>
 * <li><b>reserve</b>: one script in Redis reserves the key or answers with the cached
 * outcome. A cached outcome is replayed without asking the database. Otherwise the
 * database decides, with the same fencing token: if it disagrees with Redis (Redis was
 * flushed, failed over, or missed an update), its answer wins and Redis is corrected: a
 * reservation Redis made for nothing is released, an outcome Redis lacked is cached
 * again, a stale in-flight entry is dropped.</li>
 * <li><b>complete</b>: in the database first (inside the handler's transaction in
 * transactional mode); only once that has committed is the outcome cached in Redis.</li>
 * <li><b>release</b>, <b>extendLease</b>, <b>evict</b>: in the database, then in Redis.</li>
 * <li><b>find</b>: from the database, with the replays Redis served added.</li>
 * </ol>
 * Redis failures never fail a request: each call to Redis waits at most its short
 * timeout, after which the store carries on with the database alone. After repeated
 * failures a breaker stops calling Redis for a while and then probes it. A reservation
 * made while Redis failed or was skipped is completed, released and extended in the
 * database alone, so a request waits for a failing Redis at most once:
 * Redis holds no entry with its fencing token for those calls to change (at most one
 * left by a reservation that timed out here but ran there, which the next reservation
 * of the key corrects). Every guarantee holds on the database alone; Redis only saves it
 * work.
 */
public final class TieredIdempotencyStore implements IdempotencyStore, JoinsTransactions, AutoCloseable {

	private static final Log logger = LogFactory.getLog(TieredIdempotencyStore.class);

	private final RedisIdempotencyStore redis;

	private final JdbcIdempotencyStore database;

	private final RedisBreaker breaker;

	private final IdempotencyListener listener;

	/**
	 * Fencing tokens of the live reservations made while Redis failed or was skipped.
	 * Each leaves the set when its reservation is completed or released, so the set
	 * holds only requests in flight during a Redis failure.
	 */
	private final Set<Long> notInRedis = ConcurrentHashMap.newKeySet();

	/**
	 * Create a tiered store.
	 * @param redis the Redis tier
	 * @param database the database tier, the source of truth
	 * @param clock paces the breaker's probing (never leases or expiry)
	 * @param failureThreshold consecutive Redis failures that open the breaker
	 * @param openDuration how long Redis is skipped once the breaker has opened
	 * @param listener told of every request answered without Redis
	 */
	public TieredIdempotencyStore(RedisIdempotencyStore redis, JdbcIdempotencyStore database, Clock clock,
			int failureThreshold, Duration openDuration, IdempotencyListener listener) {
		this.redis = redis;
		this.database = database;
		this.breaker = new RedisBreaker(clock, failureThreshold, openDuration);
		this.listener = listener;
	}

	/**
	 * The database tier.
	 * @return the JDBC store
	 */
	public JdbcIdempotencyStore database() {
		return this.database;
	}

	/**
	 * Whether the store currently uses Redis.
	 * @return {@code false} while the breaker is open or probing
	 */
	public boolean isRedisInUse() {
		return this.breaker.state() == RedisBreaker.State.CLOSED;
	}

	@Override
	public ReservationResult reserve(ReservationRequest request) {
		long token = FencingTokens.next();
		ReservationResult cached = redis("reserve", () -> this.redis.reserve(request, token));
		if (cached instanceof Completed) {
			return cached;
		}
		ReservationResult truth;
		try {
			truth = this.database.reserve(request, token);
		}
		catch (StoreUnavailableException ex) {
			if (cached instanceof Reserved reserved) {
				redis("release", () -> this.redis.release(reserved.reservation()));
			}
			throw ex;
		}
		if (cached == null && truth instanceof Reserved) {
			// Redis failed or was skipped: the rest of this reservation goes without it.
			this.notInRedis.add(token);
		}
		if (cached instanceof Reserved reserved && !(truth instanceof Reserved)) {
			correctReservation(request, reserved.reservation(), truth);
		}
		else if (cached instanceof InProgress && !(truth instanceof InProgress)) {
			// Redis shows a request in flight that the database has finished with (or never
			// saw): drop the entry so the next request caches the truth.
			redis("evict", () -> this.redis.evict(request.key()));
		}
		return truth;
	}

	/**
	 * Redis reserved a key that the database says is taken: release that reservation, or
	 * turn it into the cached outcome if the database has one for this very request.
	 */
	private void correctReservation(ReservationRequest request, Reservation inRedis, ReservationResult truth) {
		if (truth instanceof Completed completed && completed.fingerprint().equals(request.fingerprint())) {
			Optional<Duration> lifetime = this.database.remainingLifetime(request.key());
			if (lifetime.isPresent() && lifetime.get().toMillis() > 0) {
				redis("refill", () -> this.redis.complete(inRedis, completed.response(), lifetime.get()));
				return;
			}
		}
		redis("release", () -> this.redis.release(inRedis));
	}

	@Override
	public boolean complete(Reservation reservation, StoredResponse response, Duration ttl) {
		boolean inRedis = !this.notInRedis.remove(reservation.fencingToken());
		boolean stored = this.database.complete(reservation, response, ttl);
		if (stored) {
			Runnable cache = () -> redis("complete", inRedis, () -> this.redis.complete(reservation, response, ttl));
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				// In transactional mode the record counts only once the transaction has
				// committed; Redis must not show it before.
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

					@Override
					public void afterCommit() {
						cache.run();
					}

				});
			}
			else {
				cache.run();
			}
		}
		return stored;
	}

	@Override
	public boolean release(Reservation reservation) {
		boolean inRedis = !this.notInRedis.remove(reservation.fencingToken());
		boolean released = this.database.release(reservation);
		redis("release", inRedis, () -> this.redis.release(reservation));
		return released;
	}

	@Override
	public boolean extendLease(Reservation reservation, Duration lease) {
		boolean extended = this.database.extendLease(reservation, lease);
		if (extended) {
			boolean inRedis = !this.notInRedis.contains(reservation.fencingToken());
			redis("extend", inRedis, () -> this.redis.extendLease(reservation, lease));
		}
		return extended;
	}

	@Override
	public Optional<IdempotencyRecord> find(RecordKey key) {
		Optional<IdempotencyRecord> truth = this.database.find(key);
		if (truth.isEmpty() || truth.get().status() != IdempotencyRecord.Status.COMPLETED) {
			return truth;
		}
		IdempotencyRecord record = truth.get();
		Optional<IdempotencyRecord> cached = redis("find", () -> this.redis.find(key));
		if (cached == null || cached.isEmpty() || !cached.get().fingerprint().equals(record.fingerprint())) {
			return truth;
		}
		// Replays served from Redis never reached the database.
		return Optional.of(new IdempotencyRecord(record.key(), record.status(), record.fingerprint(), record.endpoint(),
				record.createdAt(), record.leaseExpiresAt(), record.completedAt(), record.expiresAt(), record.attempts(),
				record.replays() + cached.get().replays(), record.response()));
	}

	@Override
	public boolean evict(RecordKey key) {
		boolean evicted = this.database.evict(key);
		Boolean evictedFromRedis = redis("evict", () -> this.redis.evict(key));
		return evicted || Boolean.TRUE.equals(evictedFromRedis);
	}

	/**
	 * Stop using Redis's connection. The connection factory stays as it is.
	 */
	@Override
	public void close() {
		this.redis.close();
	}

	/**
	 * Call Redis about a reservation, unless Redis never made it (a call that cannot
	 * change anything there) or the breaker says not to.
	 * @return Redis's answer, or {@code null} if Redis was skipped or failed
	 */
	private <T> T redis(String operation, boolean inRedis, Supplier<T> call) {
		if (!inRedis) {
			this.listener.redisFallback(operation);
			return null;
		}
		return redis(operation, call);
	}

	/**
	 * Call Redis, unless the breaker says not to.
	 * @return Redis's answer, or {@code null} if Redis was skipped or failed
	 */
	private <T> T redis(String operation, Supplier<T> call) {
		if (!this.breaker.allowRequest()) {
			this.listener.redisFallback(operation);
			return null;
		}
		try {
			T result = call.get();
			if (this.breaker.recordSuccess()) {
				logger.info("Redis answers again; the idempotency store uses it again");
			}
			return result;
		}
		catch (RuntimeException ex) {
			// Whatever went wrong with Redis, the database can answer; a failure that is
			// not Redis's own (a value Redis cannot hold) is still no reason to fail the
			// request, and must not leave the breaker probing forever.
			if (this.breaker.recordFailure()) {
				logger.warn("Redis keeps failing; the idempotency store carries on with the database alone "
						+ "and probes Redis now and then: " + ex.getMessage());
			}
			else {
				logger.debug("Redis failed during " + operation + "; answered from the database: " + ex.getMessage());
			}
			this.listener.redisFallback(operation);
			return null;
		}
	}

}
