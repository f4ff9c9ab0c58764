package dev.idempotency.sample.payments.failure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static dev.idempotency.sample.payments.failure.PaymentsHttp.PROBLEM_BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the sample on the {@code redis-postgres} profile, sharing one schema
 * and one Redis prefix as a deployment behind a load balancer does, and 50 identical
 * payments split between them: one charge and one payment row across both, every
 * answer the payment (the original or its replay) or a {@code 409}.
 */
class TwoInstancesIntegrationTests {

	private static final int REQUESTS = 50;

	private static PaymentsDatabase database;

	private static RedisPrefix redis;

	private static PaymentsApp first;

	private static PaymentsApp second;

	@BeforeAll
	static void start() {
		database = PaymentsDatabase.create("payments_two_instances");
		redis = new RedisPrefix();
		// A gateway that takes a moment, so that the duplicates meet the first request in
		// flight as well as after it.
		AppConfig config = AppConfig.redisPostgres(database, redis).set("payments.gateway.latency", "300ms");
		first = PaymentsApp.start(config);
		second = PaymentsApp.start(config);
	}

	@AfterAll
	static void stop() {
		try (RedisPrefix keys = redis; PaymentsDatabase schema = database; PaymentsApp one = first;
				PaymentsApp two = second) {
			// Closed in reverse order.
		}
	}

	@Test
	void fiftyIdenticalPaymentsAtOnceOnTwoInstancesChargeOnceAndStoreOnePayment() throws Exception {
		assertChargedOnce(Duration.ZERO);
	}

	@Test
	void fiftyIdenticalPaymentsSpreadOverASecondOnTwoInstancesChargeOnceAndStoreOnePayment() throws Exception {
		assertChargedOnce(Duration.ofMillis(20));
	}

	/**
	 * Send the same payment 50 times, alternately to each instance, the n-th after n
	 * times {@code gap}.
	 */
	private static void assertChargedOnce(Duration gap) throws Exception {
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 1250);
		ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
		List<CompletableFuture<Reply>> sent = new ArrayList<>();
		CountDownLatch go = new CountDownLatch(1);
		try {
			for (int i = 0; i < REQUESTS; i++) {
				PaymentsHttp instance = ((i % 2 == 0) ? first : second).http();
				long delay = gap.toMillis() * i;
				sent.add(CompletableFuture.supplyAsync(() -> {
					await(go);
					PaymentsHttp.pause(Duration.ofMillis(delay));
					return instance.createPayment(key, body);
				}, clients));
			}
			go.countDown();
			List<Reply> replies = new ArrayList<>();
			for (CompletableFuture<Reply> reply : sent) {
				replies.add(reply.get(60, TimeUnit.SECONDS));
			}

			assertThat(replies).filteredOn(Reply::executedCreated).hasSize(1);
			Reply executed = replies.stream().filter(Reply::executedCreated).findFirst().orElseThrow();
			assertThat(replies).allSatisfy((reply) -> {
				if (reply.status() == 201) {
					assertThat(reply.body()).isEqualTo(executed.body());
					assertThat(reply.header("Location")).isEqualTo(executed.header("Location"));
				}
				else {
					assertThat(reply.status()).as("%s", reply).isEqualTo(409);
					assertThat(reply.problemType()).isEqualTo(PROBLEM_BASE + "request-in-progress");
					assertThat(reply.header("Retry-After")).isNotBlank();
				}
			});
			assertThat(database.paymentIds(customer)).containsExactly((String) executed.json("$.id"));
			assertThat(first.gateway().chargeAttempts(customer) + second.gateway().chargeAttempts(customer))
				.isEqualTo(1);
		}
		finally {
			clients.shutdownNow();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
