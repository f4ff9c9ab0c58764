package dev.idempotency.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.idempotency.store.IdempotencyRecord.Status;
import dev.idempotency.store.ReservationResult.Completed;
import dev.idempotency.store.ReservationResult.InProgress;
import dev.idempotency.store.ReservationResult.Reserved;
import dev.idempotency.store.StoredResponse.BodyMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link IdempotencyStore} honours. A store's test extends this class
 * and supplies the store; the cases are the store's specification.
 * <p>
 * Stores decide leases and expiry with their own clock, so cases that need time to pass
 * call {@link #elapse(Duration)}: a store on an injected clock advances it, a store on a
 * server's clock sleeps. Leases and lifetimes here are short for that reason.
 */
public abstract class AbstractIdempotencyStoreContractTests {

	/** The lease used where it must not run out during a case. */
	protected static final Duration LONG = Duration.ofMinutes(5);

	/** The lease or lifetime used where a case waits for it to run out. */
	protected static final Duration SHORT = Duration.ofMillis(800);

	/** The fingerprint most cases use. */
	protected static final Fingerprint FINGERPRINT = new Fingerprint("v1-sha256", "a".repeat(64));

	private static final Fingerprint OTHER_FINGERPRINT = new Fingerprint("v1-sha256", "b".repeat(64));

	private IdempotencyStore store;

	private String scope;

	/**
	 * Create the store under test, on clean state that no other test sees.
	 * @return the store
	 */
	protected abstract IdempotencyStore createStore();

	/**
	 * Release what {@link #createStore()} acquired.
	 * @param store the store
	 */
	protected void destroyStore(IdempotencyStore store) {
	}

	/**
	 * Let time pass for the store's clock.
	 * @param duration how much
	 */
	protected void elapse(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The store under test.
	 * @return the store
	 */
	protected final IdempotencyStore store() {
		return this.store;
	}

	@BeforeEach
	void createStoreUnderTest() {
		this.store = createStore();
		this.scope = "test-" + UUID.randomUUID();
	}

	@AfterEach
	void destroyStoreUnderTest() {
		destroyStore(this.store);
	}

	@Test
	void reservesANewKey() {
		ReservationResult result = this.store.reserve(request(key("new"), FINGERPRINT, LONG, LONG));
		assertThat(result).isInstanceOfSatisfying(Reserved.class, (reserved) -> {
			assertThat(reserved.takeover()).isFalse();
			assertThat(reserved.reservation().key()).isEqualTo(key("new"));
		});
	}

	@Test
	void aSecondReservationOfAnInFlightKeyIsInProgressWithTheRemainingLease() {
		reserve(key("k"), FINGERPRINT, LONG);
		ReservationResult result = this.store.reserve(request(key("k"), FINGERPRINT, LONG, LONG));
		assertThat(result).isInstanceOfSatisfying(InProgress.class, (inProgress) -> {
			assertThat(inProgress.fingerprint()).isEqualTo(FINGERPRINT);
			assertThat(inProgress.leaseRemaining()).isPositive().isLessThanOrEqualTo(LONG);
			assertThat(inProgress.leaseRemaining()).isGreaterThan(LONG.minusSeconds(30));
		});
	}

	@Test
	void anInFlightKeyReportsTheOwnersFingerprintToADifferentRequest() {
		reserve(key("k"), FINGERPRINT, LONG);
		ReservationResult result = this.store.reserve(request(key("k"), OTHER_FINGERPRINT, LONG, LONG));
		assertThat(result).isInstanceOfSatisfying(InProgress.class,
				(inProgress) -> assertThat(inProgress.fingerprint()).isEqualTo(FINGERPRINT));
	}

	@Test
	void aCompletedKeyAnswersWithTheStoredResponseAndItsFingerprint() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		StoredResponse response = sampleResponse();
		assertThat(this.store.complete(reservation, response, LONG)).isTrue();
		ReservationResult again = this.store.reserve(request(key("k"), FINGERPRINT, LONG, LONG));
		assertThat(again).isInstanceOfSatisfying(Completed.class, (completed) -> {
			assertThat(completed.fingerprint()).isEqualTo(FINGERPRINT);
			assertThat(completed.response()).isEqualTo(response);
			assertThat(completed.response().headers().keySet()).containsExactly("Content-Type", "Location", "X-Multi");
			assertThat(completed.response().headers().get("X-Multi")).containsExactly("one", "two");
		});
		ReservationResult other = this.store.reserve(request(key("k"), OTHER_FINGERPRINT, LONG, LONG));
		assertThat(other).isInstanceOfSatisfying(Completed.class,
				(completed) -> assertThat(completed.fingerprint()).isEqualTo(FINGERPRINT));
	}

	@Test
	void storesBodiesByteForByte() {
		byte[] body = new byte[1024 * 1024];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) i;
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Content-Type", List.of("application/octet-stream"));
		headers.put("X-Latin1", List.of("caf\u00e9"));
		StoredResponse response = StoredResponse.of(200, headers, body);
		Reservation reservation = reserve(key("bytes"), FINGERPRINT, LONG);
		assertThat(this.store.complete(reservation, response, LONG)).isTrue();
		assertThat(completedResponse(key("bytes"))).isEqualTo(response);
	}

	@Test
	void storesEveryBodyMode() {
		for (BodyMode mode : BodyMode.values()) {
			byte[] body = (mode == BodyMode.STORED) ? "{}".getBytes(StandardCharsets.UTF_8) : null;
			StoredResponse response = new StoredResponse(201, Map.of("Location", List.of("/x")), body, mode);
			Reservation reservation = reserve(key("mode-" + mode), FINGERPRINT, LONG);
			assertThat(this.store.complete(reservation, response, LONG)).isTrue();
			assertThat(completedResponse(key("mode-" + mode))).isEqualTo(response);
		}
	}

	@Test
	void storesAResponseWithoutHeadersOrBody() {
		StoredResponse response = StoredResponse.of(204, Map.of(), null);
		Reservation reservation = reserve(key("empty"), FINGERPRINT, LONG);
		assertThat(this.store.complete(reservation, response, LONG)).isTrue();
		assertThat(completedResponse(key("empty"))).isEqualTo(response);
	}

	@Test
	void aCompletedReservationCannotCompleteOrReleaseAgain() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		assertThat(this.store.complete(reservation, sampleResponse(), LONG)).isTrue();
		assertThat(this.store.complete(reservation, StoredResponse.of(500, Map.of(), null), LONG)).isFalse();
		assertThat(this.store.release(reservation)).isFalse();
		assertThat(completedResponse(key("k"))).isEqualTo(sampleResponse());
	}

	@Test
	void aReleasedKeyCanBeReservedAgainWithANewToken() {
		Reservation first = reserve(key("k"), FINGERPRINT, LONG);
		assertThat(this.store.release(first)).isTrue();
		assertThat(this.store.find(key("k"))).isEmpty();
		Reservation second = reserve(key("k"), OTHER_FINGERPRINT, LONG);
		assertThat(second.fencingToken()).isNotEqualTo(first.fencingToken());
		assertThat(this.store.release(first)).isFalse();
		assertThat(this.store.complete(first, sampleResponse(), LONG)).isFalse();
		assertThat(this.store.complete(second, sampleResponse(), LONG)).isTrue();
	}

	@Test
	void aReleaseOrCompletionWithAWrongTokenIsRefusedAndChangesNothing() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		Reservation forged = new Reservation(key("k"), reservation.fencingToken() + 1);
		assertThat(this.store.release(forged)).isFalse();
		assertThat(this.store.complete(forged, sampleResponse(), LONG)).isFalse();
		assertThat(this.store.extendLease(forged, LONG)).isFalse();
		assertThat(this.store.find(key("k"))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(Status.IN_FLIGHT);
			assertThat(record.response()).isNull();
		});
		assertThat(this.store.complete(reservation, sampleResponse(), LONG)).isTrue();
	}

	@Test
	void operationsOnAnAbsentKeyAreRefused() {
		Reservation ghost = new Reservation(key("ghost"), 42);
		assertThat(this.store.complete(ghost, sampleResponse(), LONG)).isFalse();
		assertThat(this.store.release(ghost)).isFalse();
		assertThat(this.store.extendLease(ghost, LONG)).isFalse();
		assertThat(this.store.evict(key("ghost"))).isFalse();
		assertThat(this.store.find(key("ghost"))).isEmpty();
		assertThat(this.store.reserve(request(key("ghost"), FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
	}

	@Test
	void anExpiredLeaseIsTakenOverByTheSameRequestAndTheFormerOwnerIsFenced() {
		Reservation first = reserve(key("k"), FINGERPRINT, SHORT);
		elapse(SHORT.plusMillis(300));
		ReservationResult result = this.store.reserve(request(key("k"), FINGERPRINT, LONG, LONG));
		assertThat(result).isInstanceOfSatisfying(Reserved.class, (reserved) -> {
			assertThat(reserved.takeover()).isTrue();
			assertThat(reserved.reservation().fencingToken()).isNotEqualTo(first.fencingToken());
		});
		Reservation second = ((Reserved) result).reservation();
		assertThat(this.store.complete(first, StoredResponse.of(201, Map.of(), "zombie".getBytes()), LONG)).isFalse();
		assertThat(this.store.release(first)).isFalse();
		assertThat(this.store.extendLease(first, LONG)).isFalse();
		assertThat(this.store.complete(second, sampleResponse(), LONG)).isTrue();
		assertThat(completedResponse(key("k"))).isEqualTo(sampleResponse());
		assertThat(this.store.find(key("k"))).hasValueSatisfying((record) -> assertThat(record.attempts()).isEqualTo(2));
	}

	@Test
	void anExpiredLeaseIsNotTakenOverByADifferentRequest() {
		reserve(key("k"), FINGERPRINT, SHORT);
		elapse(SHORT.plusMillis(300));
		ReservationResult result = this.store.reserve(request(key("k"), OTHER_FINGERPRINT, LONG, LONG));
		assertThat(result).isInstanceOfSatisfying(InProgress.class, (inProgress) -> {
			assertThat(inProgress.fingerprint()).isEqualTo(FINGERPRINT);
			assertThat(inProgress.leaseRemaining()).isLessThanOrEqualTo(Duration.ZERO);
		});
	}

	@Test
	void aLiveOwnerWhoseLeaseRanOutButWasNotTakenOverCanStillComplete() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, SHORT);
		elapse(SHORT.plusMillis(300));
		assertThat(this.store.complete(reservation, sampleResponse(), LONG)).isTrue();
		assertThat(completedResponse(key("k"))).isEqualTo(sampleResponse());
	}

	@Test
	void extendingTheLeaseKeepsRetriesOut() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, SHORT);
		assertThat(this.store.extendLease(reservation, LONG)).isTrue();
		elapse(SHORT.plusMillis(300));
		ReservationResult result = this.store.reserve(request(key("k"), FINGERPRINT, LONG, LONG));
		assertThat(result).isInstanceOfSatisfying(InProgress.class,
				(inProgress) -> assertThat(inProgress.leaseRemaining()).isGreaterThan(LONG.minusSeconds(30)));
		assertThat(this.store.complete(reservation, sampleResponse(), LONG)).isTrue();
	}

	@Test
	void extendingTheLeaseBeyondTheRecordsLifetimeKeepsTheRecord() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, SHORT, SHORT);
		assertThat(this.store.extendLease(reservation, LONG)).isTrue();
		elapse(SHORT.plusMillis(300));
		assertThat(this.store.find(key("k"))).hasValueSatisfying(
				(record) -> assertThat(record.status()).isEqualTo(Status.IN_FLIGHT));
		assertThat(this.store.complete(reservation, sampleResponse(), LONG)).isTrue();
	}

	@Test
	void aCompletedRecordExpiresAfterItsTtl() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, SHORT);
		assertThat(this.store.complete(reservation, sampleResponse(), SHORT)).isTrue();
		assertThat(this.store.find(key("k"))).isPresent();
		elapse(SHORT.plusMillis(300));
		assertThat(this.store.find(key("k"))).isEmpty();
		ReservationResult result = this.store.reserve(request(key("k"), OTHER_FINGERPRINT, LONG, LONG));
		assertThat(result).isInstanceOfSatisfying(Reserved.class,
				(reserved) -> assertThat(reserved.takeover()).isFalse());
	}

	@Test
	void anAbandonedInFlightRecordExpiresAfterItsTtl() {
		reserve(key("k"), FINGERPRINT, SHORT, SHORT);
		elapse(SHORT.plusMillis(300));
		assertThat(this.store.find(key("k"))).isEmpty();
		ReservationResult result = this.store.reserve(request(key("k"), OTHER_FINGERPRINT, LONG, LONG));
		assertThat(result).isInstanceOfSatisfying(Reserved.class,
				(reserved) -> assertThat(reserved.takeover()).isFalse());
	}

	@Test
	void findDescribesAnInFlightRecord() {
		reserve(key("k"), FINGERPRINT, LONG);
		assertThat(this.store.find(key("k"))).hasValueSatisfying((record) -> {
			assertThat(record.key()).isEqualTo(key("k"));
			assertThat(record.status()).isEqualTo(Status.IN_FLIGHT);
			assertThat(record.fingerprint()).isEqualTo(FINGERPRINT);
			assertThat(record.endpoint()).isEqualTo("POST /test");
			assertThat(record.attempts()).isEqualTo(1);
			assertThat(record.createdAt()).isNotNull();
			assertThat(record.leaseExpiresAt()).isAfter(record.createdAt());
			assertThat(record.expiresAt()).isAfter(record.createdAt());
			assertThat(record.completedAt()).isNull();
			assertThat(record.response()).isNull();
		});
	}

	@Test
	void findDescribesACompletedRecordAndCountsReplays() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		this.store.complete(reservation, sampleResponse(), LONG);
		this.store.reserve(request(key("k"), FINGERPRINT, LONG, LONG));
		this.store.reserve(request(key("k"), FINGERPRINT, LONG, LONG));
		assertThat(this.store.find(key("k"))).hasValueSatisfying((record) -> {
			assertThat(record.status()).isEqualTo(Status.COMPLETED);
			assertThat(record.completedAt()).isNotNull();
			assertThat(record.expiresAt()).isAfter(record.completedAt());
			assertThat(record.response()).isEqualTo(sampleResponse());
			assertThat(record.replays()).isEqualTo(2);
		});
	}

	@Test
	void evictRemovesARecordAndFencesItsOwner() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		assertThat(this.store.evict(key("k"))).isTrue();
		assertThat(this.store.find(key("k"))).isEmpty();
		assertThat(this.store.complete(reservation, sampleResponse(), LONG)).isFalse();
		assertThat(this.store.reserve(request(key("k"), OTHER_FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
	}

	@Test
	void scopesAreSeparateKeySpaces() {
		RecordKey mine = new RecordKey(this.scope + "-alice", "same-key");
		RecordKey theirs = new RecordKey(this.scope + "-bob", "same-key");
		Reservation reservation = reserve(mine, FINGERPRINT, LONG);
		this.store.complete(reservation, sampleResponse(), LONG);
		assertThat(this.store.reserve(request(theirs, FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
	}

	@Test
	void scopeAndKeyNeverRunTogether() {
		RecordKey first = new RecordKey(this.scope + "x", "a:b");
		RecordKey second = new RecordKey(this.scope + "x:a", "b");
		RecordKey third = new RecordKey(this.scope + "x:a:b", "");
		Reservation reservation = reserve(first, FINGERPRINT, LONG);
		this.store.complete(reservation, sampleResponse(), LONG);
		assertThat(this.store.reserve(request(second, FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
		assertThat(this.store.reserve(request(third, FINGERPRINT, LONG, LONG))).isInstanceOf(Reserved.class);
		assertThat(this.store.find(first)).hasValueSatisfying(
				(record) -> assertThat(record.status()).isEqualTo(Status.COMPLETED));
	}

	@Test
	void keysWithAnyPrintableCharacterAndUnicodeScopesWork() {
		StringBuilder printable = new StringBuilder();
		for (char c = 0x20; c <= 0x7E; c++) {
			printable.append(c);
		}
		RecordKey key = new RecordKey(this.scope + "-principal:J\u00f6ns \u6771\u4eac", printable.toString());
		Reservation reservation = reserve(key, FINGERPRINT, LONG);
		assertThat(this.store.complete(reservation, sampleResponse(), LONG)).isTrue();
		assertThat(this.store.find(key)).hasValueSatisfying((record) -> assertThat(record.key()).isEqualTo(key));
	}

	@Test
	void exactlyOneOfManyConcurrentRequestsReservesAKey() throws Exception {
		int threads = 16;
		for (int round = 0; round < 5; round++) {
			RecordKey key = key("race-" + round);
			List<ReservationResult> results = race(threads,
					() -> this.store.reserve(request(key, FINGERPRINT, LONG, LONG)));
			assertThat(results).filteredOn(Reserved.class::isInstance).hasSize(1);
			assertThat(results).filteredOn(InProgress.class::isInstance).hasSize(threads - 1);
		}
	}

	@Test
	void exactlyOneOfManyConcurrentRetriesTakesOverAnExpiredLease() throws Exception {
		int threads = 16;
		RecordKey key = key("takeover-race");
		reserve(key, FINGERPRINT, SHORT);
		elapse(SHORT.plusMillis(300));
		List<ReservationResult> results = race(threads, () -> this.store.reserve(request(key, FINGERPRINT, LONG, LONG)));
		assertThat(results).filteredOn(Reserved.class::isInstance)
			.singleElement()
			.satisfies((result) -> assertThat(((Reserved) result).takeover()).isTrue());
		assertThat(results).filteredOn(InProgress.class::isInstance).hasSize(threads - 1);
	}

	@Test
	void concurrentOwnersNeverOverlap() throws Exception {
		// Many threads reserve a few keys over and over; whoever holds a reservation
		// checks that nobody else holds one for that key, then releases it.
		int keys = 3;
		int threads = 12;
		int iterations = 40;
		// Holds each key's current owner's token, 0 for none (tokens are never 0).
		AtomicLongArray owners = new AtomicLongArray(keys);
		AtomicInteger overlaps = new AtomicInteger();
		AtomicInteger reservations = new AtomicInteger();
		List<Callable<Void>> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			workers.add(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				for (int i = 0; i < iterations; i++) {
					int k = random.nextInt(keys);
					RecordKey key = key("fuzz-" + k);
					ReservationResult result = this.store.reserve(request(key, FINGERPRINT, LONG, LONG));
					if (!(result instanceof Reserved reserved)) {
						continue;
					}
					reservations.incrementAndGet();
					long token = reserved.reservation().fencingToken();
					assertThat(token).isNotZero();
					if (!owners.compareAndSet(k, 0, token)) {
						overlaps.incrementAndGet();
					}
					Thread.yield();
					owners.compareAndSet(k, token, 0);
					assertThat(this.store.release(reserved.reservation())).isTrue();
				}
				return null;
			});
		}
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (Future<Void> future : executor.invokeAll(workers, 2, TimeUnit.MINUTES)) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(overlaps).hasValue(0);
		assertThat(reservations.get()).isGreaterThan(keys);
	}

	protected final RecordKey key(String name) {
		return new RecordKey(this.scope, name);
	}

	protected final ReservationRequest request(RecordKey key, Fingerprint fingerprint, Duration lease, Duration ttl) {
		return new ReservationRequest(key, fingerprint, "POST /test", lease, ttl);
	}

	protected final Reservation reserve(RecordKey key, Fingerprint fingerprint, Duration lease) {
		return reserve(key, fingerprint, lease, LONG.compareTo(lease) > 0 ? LONG : lease);
	}

	protected final Reservation reserve(RecordKey key, Fingerprint fingerprint, Duration lease, Duration ttl) {
		ReservationResult result = this.store.reserve(request(key, fingerprint, lease, ttl));
		assertThat(result).isInstanceOf(Reserved.class);
		return ((Reserved) result).reservation();
	}

	protected final StoredResponse completedResponse(RecordKey key) {
		ReservationResult result = this.store.reserve(request(key, FINGERPRINT, LONG, LONG));
		assertThat(result).isInstanceOf(Completed.class);
		return ((Completed) result).response();
	}

	protected static StoredResponse sampleResponse() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Content-Type", List.of("application/json"));
		headers.put("Location", List.of("/payments/42"));
		headers.put("X-Multi", List.of("one", "two"));
		return StoredResponse.of(201, headers, "{\"id\":42,\"amount\":\"12.50\"}".getBytes(StandardCharsets.UTF_8));
	}

	private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(1, TimeUnit.MINUTES));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
