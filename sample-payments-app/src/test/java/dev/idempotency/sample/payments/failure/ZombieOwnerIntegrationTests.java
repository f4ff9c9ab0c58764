package dev.idempotency.sample.payments.failure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static dev.idempotency.sample.payments.failure.PaymentsHttp.PROBLEM_BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A zombie: the first request outlives its lease (1 s against a 3 s gateway), a retry
 * takes the key over and runs, and then both finish. Whichever finishes second, only the
 * retry's outcome is stored and only its payment row commits, because in transactional
 * mode the zombie's completion is refused by its stale fencing token and its whole
 * transaction rolls back. Its client gets the lease-lost problem.
 * <p>
 * The card is charged by both attempts: the gateway is an external side effect, like a
 * real card network, and no database transaction can take a charge back. What the
 * starter guarantees is one stored outcome and one committed payment row per key; a
 * lease shorter than the slowest handler, as here on purpose, lets a retry charge again
 * (the gateway call should carry the key to deduplicate on its side).
 */
class ZombieOwnerIntegrationTests {

	private static PaymentsDatabase database;

	private static RedisPrefix redis;

	/** Outlives its 1 s lease: each charge takes 3 s. */
	private static PaymentsApp slow;

	/** Answers at once, with the same 1 s lease. */
	private static PaymentsApp fast;

	@BeforeAll
	static void start() {
		database = PaymentsDatabase.create("payments_zombie");
		redis = new RedisPrefix();
		slow = PaymentsApp.start(AppConfig.redisPostgres(database, redis)
			.set("idempotency.lease", "1s")
			.set("payments.gateway.latency", "3s"));
		fast = PaymentsApp.start(AppConfig.redisPostgres(database, redis).set("idempotency.lease", "1s"));
	}

	@AfterAll
	static void stop() {
		try (RedisPrefix keys = redis; PaymentsDatabase schema = database; PaymentsApp one = slow; PaymentsApp two = fast) {
			// Closed in reverse order.
		}
	}

	@Test
	void aZombieThatFinishesAfterTheRetryStoresNothingAndCommitsNoSecondPayment() throws Exception {
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 1250);
		double stale = slow.count("idempotency.completions.stale");
		double takeovers = fast.count("idempotency.lease.takeovers");
		CompletableFuture<Reply> zombie = CompletableFuture.supplyAsync(() -> slow.http().createPayment(key, body));
		await().atMost(Duration.ofSeconds(10)).until(() -> slow.gateway().chargeAttempts(customer) == 1);

		Reply retry = fast.http().createPaymentUntilNotInProgress(key, body, Duration.ofSeconds(10), new ArrayList<>());

		assertThat(retry.executedCreated()).as("%s", retry).isTrue();
		assertThat(zombie).as("the zombie is still charging").isNotDone();
		Reply zombieReply = zombie.get(10, TimeUnit.SECONDS);
		assertLeaseLost(zombieReply);
		assertOneStoredOutcome(key, body, customer, retry);
		assertThat(slow.count("idempotency.completions.stale")).isEqualTo(stale + 1);
		assertThat(fast.count("idempotency.lease.takeovers")).isEqualTo(takeovers + 1);
		// Both attempts charged the card: see the class comment.
		assertThat(slow.gateway().chargeAttempts(customer) + fast.gateway().chargeAttempts(customer)).isEqualTo(2);
	}

	@Test
	void aZombieThatFinishesBeforeTheRetryStoresNothingAndCommitsNoPaymentEither() throws Exception {
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 1250);
		CompletableFuture<Timed> zombie = CompletableFuture
			.supplyAsync(() -> Timed.of(() -> slow.http().createPayment(key, body)));
		await().atMost(Duration.ofSeconds(10)).until(() -> slow.gateway().chargeAttempts(customer) == 1);
		// The retry goes to the slow instance too, so it takes the key over and then
		// charges for 3 s, finishing after the zombie.
		List<Reply> conflicts = new ArrayList<>();
		CompletableFuture<Timed> retry = CompletableFuture.supplyAsync(() -> Timed
			.of(() -> slow.http().createPaymentUntilNotInProgress(key, body, Duration.ofSeconds(10), conflicts)));
		await().atMost(Duration.ofSeconds(10)).until(() -> slow.gateway().chargeAttempts(customer) == 2);

		Timed zombieReply = zombie.get(10, TimeUnit.SECONDS);
		Timed retryReply = retry.get(10, TimeUnit.SECONDS);

		assertThat(zombieReply.finishedAt()).as("the zombie finishes first").isLessThan(retryReply.finishedAt());
		assertLeaseLost(zombieReply.reply());
		assertThat(retryReply.reply().executedCreated()).as("%s", retryReply.reply()).isTrue();
		assertOneStoredOutcome(key, body, customer, retryReply.reply());
	}

	private static void assertLeaseLost(Reply reply) {
		assertThat(reply.status()).as("%s", reply).isEqualTo(409);
		assertThat(reply.problemType()).isEqualTo(PROBLEM_BASE + "lease-lost");
		assertThat(reply.header("Retry-After")).isNotBlank();
	}

	/**
	 * One payment row, the retry's, and every later retry (on either instance) replays
	 * the retry's answer.
	 */
	private static void assertOneStoredOutcome(String key, String body, String customer, Reply stored) {
		assertThat(database.paymentIds(customer)).containsExactly((String) stored.json("$.id"));
		assertThat(database.record(key)).hasValueSatisfying((record) -> assertThat(record)
			.containsEntry("status", "COMPLETED")
			.containsEntry("response_status", 201));
		for (PaymentsApp instance : List.of(fast, slow, fast)) {
			Reply replay = instance.http().createPayment(key, body);
			assertThat(replay.replayed()).as("%s", replay).isTrue();
			assertThat(replay.status()).isEqualTo(201);
			assertThat(replay.body()).isEqualTo(stored.body());
		}
		assertThat(database.paymentIds(customer)).hasSize(1);
	}

	/**
	 * A reply and when it arrived.
	 */
	private record Timed(Reply reply, long finishedAt) {

		static Timed of(java.util.function.Supplier<Reply> call) {
			Reply reply = call.get();
			return new Timed(reply, System.nanoTime());
		}

	}

}
