package dev.idempotency.sample.payments.failure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.idempotency.test.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static dev.idempotency.sample.payments.Payloads.refund;
import static dev.idempotency.sample.payments.failure.PaymentsHttp.PROBLEM_BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application on its {@code redis-postgres} profile, as in production, against the
 * real PostgreSQL (a schema of its own, reached through a proxy) and the real Redis (a
 * key prefix of its own): the tiered store keeps each outcome in PostgreSQL and caches
 * it in Redis, replays come from Redis, and PostgreSQL still recognizes a retry after
 * Redis lost its keys.
 */
class RedisPostgresProfileIntegrationTests {

	private static PaymentsDatabase database;

	private static TcpProxy postgres;

	private static RedisPrefix redis;

	private static PaymentsApp app;

	private static PaymentsHttp api;

	@BeforeAll
	static void start() {
		database = PaymentsDatabase.create("payments_profile");
		postgres = database.newProxy();
		redis = new RedisPrefix();
		app = PaymentsApp.start(AppConfig.redisPostgres(database, database.urlThrough(postgres), redis, redis.port()));
		api = app.http();
	}

	@AfterAll
	static void stop() throws Exception {
		try (RedisPrefix keys = redis; PaymentsDatabase schema = database; TcpProxy proxy = postgres;
				PaymentsApp instance = app) {
			// Closed in reverse order: the application first, the schema last.
		}
	}

	@Test
	void aPaymentIsCommittedToPostgresCachedInRedisAndReplayedByRedisAloneWhilePostgresIsAway() {
		String customer = newCustomer();
		String key = newKey();
		Reply created = api.createPayment(key, payment(customer, 1250));
		assertThat(created.executedCreated()).as("%s", created).isTrue();
		String paymentId = created.json("$.id");
		assertThat(created.header("Location")).isEqualTo("/payments/" + paymentId);
		Map<String, Object> record = database.record(key).orElseThrow();
		assertThat(record).containsEntry("status", "COMPLETED").containsEntry("response_status", 201);
		// Cached once the transaction has committed.
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.holds(key));

		postgres.down(true);
		Reply replay;
		try {
			replay = api.createPayment(key, payment(customer, 1250));
		}
		finally {
			postgres.down(false);
		}

		assertThat(replay.status()).as("%s", replay).isEqualTo(201);
		assertThat(replay.replayed()).isTrue();
		assertThat(replay.body()).isEqualTo(created.body());
		assertThat(replay.header("Location")).isEqualTo(created.header("Location"));
		assertThat(database.paymentIds(customer)).containsExactly(paymentId);
		assertThat(app.gateway().chargeAttempts(customer)).isEqualTo(1);
	}

	@Test
	void aKeyReusedForAnotherAmountIsRefusedAndTheStoredPaymentIsUntouched() {
		String customer = newCustomer();
		String key = newKey();
		Reply created = api.createPayment(key, payment(customer, 1250));
		assertThat(created.executedCreated()).as("%s", created).isTrue();

		Reply reused = api.createPayment(key, payment(customer, 9999));

		assertThat(reused.status()).as("%s", reused).isEqualTo(422);
		assertThat(reused.problemType()).isEqualTo(PROBLEM_BASE + "key-reused");
		assertThat(database.payments(customer)).isEqualTo(1);
		assertThat(app.gateway().chargeAttempts(customer)).isEqualTo(1);
		Reply replay = api.createPayment(key, payment(customer, 1250));
		assertThat(replay.replayed()).isTrue();
		assertThat(replay.body()).isEqualTo(created.body());
	}

	@Test
	void aRetryWhileThePaymentIsStillBeingWrittenIsAConflictAndThenTheReplay() throws Exception {
		String customer = newCustomer();
		String key = newKey();
		CompletableFuture<Reply> first;
		try (PaymentsDatabase.TableLock lock = database.lockPayments()) {
			first = CompletableFuture.supplyAsync(() -> api.createPayment(key, payment(customer, 1250)));
			await().atMost(Duration.ofSeconds(10)).until(() -> database.record(key).isPresent());

			Reply conflict = api.createPayment(key, payment(customer, 1250));

			assertThat(conflict.status()).as("%s", conflict).isEqualTo(409);
			assertThat(conflict.problemType()).isEqualTo(PROBLEM_BASE + "request-in-progress");
			assertThat(Long.parseLong(conflict.header("Retry-After"))).isBetween(1L, 30L);
			assertThat(first).isNotDone();
		}
		Reply executed = first.get(10, TimeUnit.SECONDS);
		assertThat(executed.executedCreated()).as("%s", executed).isTrue();
		Reply replay = api.createPayment(key, payment(customer, 1250));
		assertThat(replay.replayed()).isTrue();
		assertThat(replay.body()).isEqualTo(executed.body());
		assertThat(database.payments(customer)).isEqualTo(1);
		assertThat(app.gateway().chargeAttempts(customer)).isEqualTo(1);
	}

	@Test
	void aRefundIsReplayedAndRefundsOnce() {
		String customer = newCustomer();
		Reply created = api.createPayment(newKey(), payment(customer, 1250));
		String paymentId = created.json("$.id");
		String key = newKey();

		Reply refunded = api.refund(paymentId, key, refund(500));
		Reply replay = api.refund(paymentId, key, refund(500));

		assertThat(refunded.executedCreated()).as("%s", refunded).isTrue();
		assertThat(replay.replayed()).as("%s", replay).isTrue();
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.body()).isEqualTo(refunded.body());
		assertThat(replay.header("Location")).isEqualTo(refunded.header("Location"));
		assertThat(database.refunds(paymentId)).isEqualTo(1);
		assertThat(database.refundedCents(paymentId)).isEqualTo(500);
		assertThat(api.refund(paymentId, key, refund(600)).status()).isEqualTo(422);
	}

	@Test
	void aRetryIsRecognizedFromPostgresAfterRedisLostItsKeys() {
		String customer = newCustomer();
		String key = newKey();
		Reply created = api.createPayment(key, payment(customer, 1250));
		assertThat(created.executedCreated()).as("%s", created).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> redis.holds(key));

		assertThat(redis.deleteAll()).isPositive();
		Reply retry = api.createPayment(key, payment(customer, 1250));

		assertThat(retry.status()).as("%s", retry).isEqualTo(201);
		assertThat(retry.replayed()).isTrue();
		assertThat(retry.body()).isEqualTo(created.body());
		assertThat(database.payments(customer)).isEqualTo(1);
		assertThat(app.gateway().chargeAttempts(customer)).isEqualTo(1);
		// Redis learns the outcome again from PostgreSQL, for the next retry.
		assertThat(redis.holds(key)).isTrue();
	}

}
