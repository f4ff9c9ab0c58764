package dev.idempotency.internal.store.tiered;

import java.time.Duration;
import java.util.Optional;

import dev.idempotency.store.AbstractIdempotencyStoreContractTests;
import dev.idempotency.internal.store.redis.RedisIdempotencyStore;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyRecord;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.ReservationResult.Completed;
import dev.idempotency.store.ReservationResult.InProgress;
import dev.idempotency.store.ReservationResult.Reserved;
import dev.idempotency.test.RedisTestKeys;
import dev.idempotency.test.TestServices;
import dev.idempotency.test.TestServices.IsolatedDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tiered store on real Redis and PostgreSQL passes the store contract, and keeps it
 * when Redis loses its data between any two steps.
 */
class TieredIdempotencyStoreIntegrationTests extends AbstractIdempotencyStoreContractTests {

	private IsolatedDatabase database;

	private LettuceConnectionFactory redis;

	private String prefix;

	private final TieredStores.Fallbacks fallbacks = new TieredStores.Fallbacks();

	@Override
	protected IdempotencyStore createStore() {
		this.database = TestServices.postgresSchema("idem_tiered");
		this.redis = TestServices.redisConnectionFactory();
		this.prefix = RedisTestKeys.newPrefix();
		return TieredStores.create(this.database, this.redis, this.prefix, Duration.ofSeconds(2), this.fallbacks);
	}

	@Override
	protected void destroyStore(IdempotencyStore store) {
		RedisTestKeys.delete(this.redis, this.prefix);
		this.redis.destroy();
		this.database.close();
	}

	private TieredIdempotencyStore tiered() {
		return (TieredIdempotencyStore) store();
	}

	private void flushRedis() {
		RedisTestKeys.delete(this.redis, this.prefix);
	}

	@Test
	void aReplayIsServedFromRedisWithoutTheDatabase() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		tiered().complete(reservation, sampleResponse(), LONG);
		assertThat(RedisTestKeys.keys(this.redis, this.prefix)).hasSize(1);
		assertThat(tiered().database().find(key("k"))).hasValueSatisfying(
				(record) -> assertThat(record.status()).isEqualTo(IdempotencyRecord.Status.COMPLETED));
		store().reserve(request(key("k"), FINGERPRINT, LONG, LONG));
		assertThat(tiered().database().find(key("k")).orElseThrow().replays()).isZero();
		assertThat(store().find(key("k")).orElseThrow().replays()).isEqualTo(1);
		assertThat(this.fallbacks.snapshot()).isEmpty();
	}

	@Test
	void aRetryIsRecognizedFromTheDatabaseWhenRedisLostAnInFlightReservation() {
		reserve(key("k"), FINGERPRINT, LONG);
		flushRedis();
		ReservationResult retry = store().reserve(request(key("k"), FINGERPRINT, LONG, LONG));
		assertThat(retry).isInstanceOf(InProgress.class);
		// Redis's own reservation for the retry was released again.
		assertThat(RedisTestKeys.keys(this.redis, this.prefix)).isEmpty();
	}

	@Test
	void anOwnerWhoseRedisEntryWasLostStillCompletesAndRetriesReplayIt() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		flushRedis();
		assertThat(store().complete(reservation, sampleResponse(), LONG)).isTrue();
		assertThat(completedResponse(key("k"))).isEqualTo(sampleResponse());
	}

	@Test
	void aCompletedOutcomeLostFromRedisIsReplayedFromTheDatabaseAndCachedAgain() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		store().complete(reservation, sampleResponse(), LONG);
		flushRedis();
		assertThat(completedResponse(key("k"))).isEqualTo(sampleResponse());
		assertThat(RedisTestKeys.keys(this.redis, this.prefix)).hasSize(1);
		long replaysInDatabase = tiered().database().find(key("k")).orElseThrow().replays();
		assertThat(completedResponse(key("k"))).isEqualTo(sampleResponse());
		assertThat(tiered().database().find(key("k")).orElseThrow().replays()).isEqualTo(replaysInDatabase);
	}

	@Test
	void aDifferentRequestAfterRedisLostTheOutcomeIsStillRefusedAndNotCached() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		store().complete(reservation, sampleResponse(), LONG);
		flushRedis();
		Fingerprint other = new Fingerprint("v1-sha256", "e".repeat(64));
		assertThat(store().reserve(request(key("k"), other, LONG, LONG))).isInstanceOfSatisfying(Completed.class,
				(completed) -> assertThat(completed.fingerprint()).isEqualTo(FINGERPRINT));
		assertThat(RedisTestKeys.keys(this.redis, this.prefix)).isEmpty();
	}

	@Test
	void aStaleInFlightEntryInRedisGivesWayToTheDatabasesOutcome() {
		Reservation reservation = reserve(key("k"), FINGERPRINT, LONG);
		// The outcome reaches the database but not Redis (as when Redis fails right then).
		assertThat(tiered().database().complete(reservation, sampleResponse(), LONG)).isTrue();
		assertThat(store().reserve(request(key("k"), FINGERPRINT, LONG, LONG))).isInstanceOf(Completed.class);
		assertThat(completedResponse(key("k"))).isEqualTo(sampleResponse());
		Optional<IdempotencyRecord> cached = store().find(key("k"));
		assertThat(cached).hasValueSatisfying(
				(record) -> assertThat(record.status()).isEqualTo(IdempotencyRecord.Status.COMPLETED));
	}

	@Test
	void aReservationLeftOnlyInRedisDoesNotBlockTheDatabasesDecision() {
		// A request that reserved in Redis and died before the database saw it.
		RecordKey key = key("orphan");
		new RedisIdempotencyStore(this.redis, this.prefix, Duration.ofSeconds(2))
			.reserve(request(key, FINGERPRINT, LONG, LONG));
		ReservationResult retry = store().reserve(request(key, FINGERPRINT, LONG, LONG));
		assertThat(retry).isInstanceOf(Reserved.class);
		assertThat(store().complete(((Reserved) retry).reservation(), sampleResponse(), LONG)).isTrue();
		assertThat(completedResponse(key)).isEqualTo(sampleResponse());
		assertThat(completedResponse(key)).isEqualTo(sampleResponse());
		assertThat(RedisTestKeys.keys(this.redis, this.prefix)).hasSize(1);
	}

}
