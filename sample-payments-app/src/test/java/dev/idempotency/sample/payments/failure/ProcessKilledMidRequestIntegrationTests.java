package dev.idempotency.sample.payments.failure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static dev.idempotency.sample.payments.failure.PaymentsHttp.PROBLEM_BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance that dies for real in the middle of a payment: the packaged application in
 * a JVM of its own, killed (no shutdown hook, no rollback by the application, no release
 * of its key) while its gateway call sleeps. A second instance on the same schema and
 * Redis prefix (the {@code redis-postgres} profile) then serves the client's retries.
 */
class ProcessKilledMidRequestIntegrationTests {

	private static final Duration LEASE = Duration.ofSeconds(3);

	@Test
	void aProcessKilledMidRequestLeavesNoPaymentAndItsKeyIsTakenOverAfterTheLease() throws Exception {
		try (PaymentsDatabase database = PaymentsDatabase.create("payments_killed");
				RedisPrefix redis = new RedisPrefix()) {
			// Both instances start at once (the child's JVM is the slow one); Flyway on
			// each takes a lock on the schema, so their migrations do not collide.
			ChildApp doomed = ChildApp.start("killed-mid-request", AppConfig.redisPostgres(database, redis)
				.set("idempotency.lease", LEASE.toSeconds() + "s")
				.set("payments.gateway.latency", "20s"));
			CompletableFuture<PaymentsApp> survivorStarting = PaymentsApp
				.startAsync(AppConfig.redisPostgres(database, redis).set("idempotency.lease", LEASE.toSeconds() + "s"));
			try (ChildApp child = doomed; PaymentsApp survivor = survivorStarting.get(120, TimeUnit.SECONDS)) {
				PaymentsHttp first = child.awaitStarted(Duration.ofSeconds(120));
				PaymentsHttp second = survivor.http();
				String customer = newCustomer();
				String key = newKey();
				String body = payment(customer, 4200);

				long sentAt = System.nanoTime();
				CompletableFuture<Reply> lost = CompletableFuture.supplyAsync(() -> first.createPayment(key, body));
				// The payment row is written, uncommitted, and the handler sleeps in the
				// gateway: kill the process now.
				await().atMost(Duration.ofSeconds(10)).until(database::paymentBeingWritten);
				assertThat(database.record(key)).hasValueSatisfying(
						(record) -> assertThat(record).containsEntry("status", "IN_FLIGHT"));
				child.kill();

				assertThat(lost).failsWithin(Duration.ofSeconds(10));
				// PostgreSQL rolls back the dead connection's transaction.
				await().atMost(Duration.ofSeconds(10)).until(() -> !database.paymentBeingWritten());
				assertThat(database.payments(customer)).isZero();

				Reply conflict = second.createPayment(key, body);
				assertThat(Duration.ofNanos(System.nanoTime() - sentAt))
					.as("the retry must come within the dead request's lease for this test to mean anything")
					.isLessThan(LEASE);
				assertThat(conflict.status()).as("%s", conflict).isEqualTo(409);
				assertThat(conflict.problemType()).isEqualTo(PROBLEM_BASE + "request-in-progress");
				assertThat(Long.parseLong(conflict.header("Retry-After"))).isBetween(1L, LEASE.toSeconds());

				List<Reply> conflicts = new ArrayList<>();
				Reply takenOver = second.createPaymentUntilNotInProgress(key, body, Duration.ofSeconds(15), conflicts);
				long takenOverAfter = System.nanoTime() - sentAt;

				assertThat(takenOver.executedCreated()).as("%s", takenOver).isTrue();
				assertThat(Duration.ofNanos(takenOverAfter)).as("the key is held for the whole lease")
					.isGreaterThanOrEqualTo(LEASE);
				assertThat(conflicts).allSatisfy((reply) -> assertThat(reply.header("Retry-After")).isNotBlank());
				Reply replay = second.createPayment(key, body);
				assertThat(replay.replayed()).as("%s", replay).isTrue();
				assertThat(replay.status()).isEqualTo(201);
				assertThat(replay.body()).isEqualTo(takenOver.body());

				assertThat(database.paymentIds(customer)).containsExactly((String) takenOver.json("$.id"));
				assertThat(survivor.gateway().chargeAttempts(customer)).isEqualTo(1);
				assertThat(survivor.count("idempotency.lease.takeovers")).isEqualTo(1);
				assertThat(database.record(key)).hasValueSatisfying((record) -> assertThat(record)
					.containsEntry("status", "COMPLETED")
					.containsEntry("response_status", 201)
					.containsEntry("attempt_count", 2));
			}
		}
	}

}
