package dev.idempotency.sample.payments.failure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.idempotency.test.TcpProxy;
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
 * Redis failing under the tiered store: gone (through a proxy that drops every
 * connection) and flushed mid-flight. PostgreSQL alone keeps every guarantee, Redis costs
 * each request at most its short timeout until the breaker skips it, and it is used
 * again once it is back.
 */
class RedisOutageIntegrationTests {

	/**
	 * Longer than production's 200 ms, so that a request that waited for Redis twice
	 * stands out from the noise of a busy machine.
	 */
	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);

	private static final int FAILURE_THRESHOLD = 3;

	private static PaymentsDatabase database;

	private static RedisPrefix redis;

	private static TcpProxy redisProxy;

	private static PaymentsApp app;

	private static PaymentsHttp api;

	@BeforeAll
	static void start() {
		database = PaymentsDatabase.create("payments_redis_outage");
		redis = new RedisPrefix();
		redisProxy = redis.newProxy();
		app = PaymentsApp.start(AppConfig.redisPostgres(database, database.url(), redis, redisProxy.port())
			.set("idempotency.store.redis.timeout", REDIS_TIMEOUT.toMillis() + "ms")
			.set("idempotency.store.redis.breaker.failure-threshold", FAILURE_THRESHOLD)
			.set("idempotency.store.redis.breaker.open-duration", "3s"));
		api = app.http();
	}

	@AfterAll
	static void stop() throws Exception {
		try (RedisPrefix keys = redis; PaymentsDatabase schema = database; TcpProxy proxy = redisProxy;
				PaymentsApp instance = app) {
			// Closed in reverse order.
		}
	}

	@Test
	void aHungRedisCostsEachPaymentAtMostItsTimeoutUntilTheBreakerSkipsItAndNoPaymentRunsTwice() {
		awaitRedisInUse();

		List<String[]> paid = new ArrayList<>();
		List<Reply> untilOpen = new ArrayList<>();
		List<Reply> afterOpen = new ArrayList<>();
		double fallbacks = app.count("idempotency.redis.fallbacks");
		redisProxy.frozen(true);
		try {
			for (int i = 0; i < FAILURE_THRESHOLD + 5; i++) {
				String customer = newCustomer();
				String key = newKey();
				Reply created = api.createPayment(key, payment(customer, 100));
				assertThat(created.executedCreated()).as("%s", created).isTrue();
				paid.add(new String[] { key, customer, created.text() });
				((i < FAILURE_THRESHOLD) ? untilOpen : afterOpen).add(created);
			}
		}
		finally {
			redisProxy.frozen(false);
		}

		// Each request waited for Redis once at most: for its reservation, not again to
		// cache an outcome whose reservation Redis never made (that would be 2 s).
		assertThat(untilOpen).allSatisfy((reply) -> assertThat(reply.took()).as("%s", reply)
			.isLessThan(REDIS_TIMEOUT.plusMillis(800)));
		// Then the breaker skips Redis: requests no longer wait for it.
		assertThat(afterOpen).allSatisfy((reply) -> assertThat(reply.took()).as("%s", reply)
			.isLessThan(REDIS_TIMEOUT));
		assertThat(app.count("idempotency.redis.fallbacks")).isGreaterThan(fallbacks);
		// The scripts that Redis received while it hung ran once it answered again; once
		// the breaker lets Redis back in, the entries they left never hide an outcome
		// that PostgreSQL has.
		awaitRedisInUse();
		assertThat(paid.subList(0, FAILURE_THRESHOLD)).as("reservations that Redis made late")
			.anySatisfy((payment) -> assertThat(redis.holds(payment[0])).isTrue());
		for (String[] payment : paid) {
			Reply replay = api.createPayment(payment[0], payment(payment[1], 100));
			assertThat(replay.replayed()).as("%s", replay).isTrue();
			assertThat(replay.text()).isEqualTo(payment[2]);
			assertThat(database.payments(payment[1])).isEqualTo(1);
			assertThat(app.gateway().chargeAttempts(payment[1])).isEqualTo(1);
		}
	}

	@Test
	void withRedisGonePaymentsRunOnceOnPostgresAloneAndRedisIsUsedAgainOnceItIsBack() throws Exception {
		awaitRedisInUse();

		redisProxy.down(true);
		try {
			for (int i = 0; i < 5; i++) {
				String customer = newCustomer();
				String key = newKey();
				Reply created = api.createPayment(key, payment(customer, 100));
				Reply replay = api.createPayment(key, payment(customer, 100));
				assertThat(created.executedCreated()).as("%s", created).isTrue();
				assertThat(created.took()).as("%s", created).isLessThan(REDIS_TIMEOUT.plusMillis(800));
				assertThat(replay.replayed()).as("%s", replay).isTrue();
				assertThat(replay.body()).isEqualTo(created.body());
				assertThat(database.payments(customer)).isEqualTo(1);
			}
			concurrentDuplicatesStillChargeOnce();
		}
		finally {
			redisProxy.down(false);
		}

		awaitRedisInUse();
	}

	/**
	 * Wait until Redis is in use (its breaker closed, its connection up): a new payment
	 * reaches it.
	 */
	private static void awaitRedisInUse() {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
			String key = newKey();
			assertThat(api.createPayment(key, payment(newCustomer(), 100)).executedCreated()).isTrue();
			return redis.holds(key);
		});
	}

	private void concurrentDuplicatesStillChargeOnce() throws Exception {
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 100);
		List<CompletableFuture<Reply>> duplicates = new ArrayList<>();
		try (PaymentsDatabase.TableLock lock = database.lockPayments()) {
			for (int i = 0; i < 10; i++) {
				duplicates.add(CompletableFuture.supplyAsync(() -> api.createPayment(key, body)));
			}
			// All but the one that holds the key answer while it waits for the lock.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> duplicates.stream().filter(CompletableFuture::isDone).count() == 9);
		}
		List<Reply> replies = new ArrayList<>();
		for (CompletableFuture<Reply> duplicate : duplicates) {
			replies.add(duplicate.get(10, TimeUnit.SECONDS));
		}
		assertThat(replies).filteredOn(Reply::executedCreated).hasSize(1);
		assertThat(replies).filteredOn((reply) -> !reply.executedCreated()).allSatisfy((reply) -> {
			assertThat(reply.status()).as("%s", reply).isEqualTo(409);
			assertThat(reply.problemType()).isEqualTo(PROBLEM_BASE + "request-in-progress");
		});
		assertThat(database.payments(customer)).isEqualTo(1);
		assertThat(app.gateway().chargeAttempts(customer)).isEqualTo(1);
	}

	@Test
	void aRetryAfterRedisLostItsKeysMidFlightIsAConflictThenTheReplayNeverASecondPayment() throws Exception {
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 1250);
		CompletableFuture<Reply> first;
		try (PaymentsDatabase.TableLock lock = database.lockPayments()) {
			first = CompletableFuture.supplyAsync(() -> api.createPayment(key, body));
			await().atMost(Duration.ofSeconds(10)).until(() -> database.record(key).isPresent() && redis.holds(key));

			assertThat(redis.deleteAll()).isPositive();
			Reply conflict = api.createPayment(key, body);

			assertThat(conflict.status()).as("%s", conflict).isEqualTo(409);
			assertThat(conflict.problemType()).isEqualTo(PROBLEM_BASE + "request-in-progress");
			assertThat(conflict.header("Retry-After")).isNotBlank();
			assertThat(first).isNotDone();
		}
		Reply executed = first.get(10, TimeUnit.SECONDS);
		assertThat(executed.executedCreated()).as("%s", executed).isTrue();
		Reply replay = api.createPayment(key, body);
		assertThat(replay.replayed()).as("%s", replay).isTrue();
		assertThat(replay.body()).isEqualTo(executed.body());
		assertThat(database.payments(customer)).isEqualTo(1);
		assertThat(app.gateway().chargeAttempts(customer)).isEqualTo(1);
	}

}
