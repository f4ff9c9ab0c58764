package dev.idempotency.sample.payments.failure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.idempotency.test.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static dev.idempotency.sample.payments.failure.PaymentsHttp.PROBLEM_BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL, the source of truth, unreachable under the sample on its
 * {@code redis-postgres} profile: gone (a proxy drops every connection) or hung (the
 * proxy forwards nothing), with a connection pool that gives up after 1 s and a driver
 * that gives up on a silent server after 2 s ({@code socketTimeout}, which production
 * needs too: without it a hung database holds requests forever). Redis stays up, and
 * must not be taken for the truth.
 * <p>
 * By default a payment is refused with {@code 503} before its handler runs, and the same
 * key works normally once PostgreSQL is back. With {@code fail-open} the request runs
 * unprotected instead. The sample keeps its payments in that same database (the starter
 * uses the application's one {@code DataSource}), so an unprotected payment cannot
 * succeed there either; the test shows that the starter let it through by what happens
 * next: an invalid payment gets the application's own validation {@code 400} (which
 * needs no database), a valid one fails in the application's own database access (the
 * application's {@code 503} problem, not the starter's), and the {@code fail-open}
 * outcome is counted. An application whose handler does not need the store's database
 * would simply run.
 */
class PostgresOutageIntegrationTests {

	private static PaymentsDatabase database;

	private static TcpProxy postgres;

	private static RedisPrefix redis;

	private static PaymentsApp failClosed;

	private static PaymentsApp failOpen;

	private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);

	@BeforeAll
	static void start() {
		database = PaymentsDatabase.create("payments_pg_outage");
		postgres = database.newProxy();
		redis = new RedisPrefix();
		String url = database.urlThrough(postgres) + "&socketTimeout=" + SOCKET_TIMEOUT.toSeconds();
		failClosed = PaymentsApp
			.start(AppConfig.redisPostgres(database, url, redis, redis.port()).set("idempotency.lease", "3s"));
		failOpen = PaymentsApp.start(AppConfig.redisPostgres(database, url, redis, redis.port())
			.set("idempotency.store.failure-mode", "fail-open"));
	}

	@AfterAll
	static void stop() throws Exception {
		try (RedisPrefix keys = redis; PaymentsDatabase schema = database; TcpProxy proxy = postgres;
				PaymentsApp one = failClosed; PaymentsApp two = failOpen) {
			// Closed in reverse order.
		}
	}

	@Test
	void withPostgresGoneAPaymentIsRefusedWith503BeforeItsHandlerRunsAndItsKeyWorksOnceItIsBack() {
		PaymentsHttp api = failClosed.http();
		assertThat(api.createPayment(newKey(), payment(newCustomer(), 100)).executedCreated()).isTrue();
		String customer = newCustomer();
		String key = newKey();
		String invalidKey = newKey();
		double unavailable = failClosed.count("idempotency.requests", "outcome", "store-unavailable");

		postgres.down(true);
		Reply refused;
		Reply invalidRefused;
		try {
			refused = api.createPayment(key, payment(customer, 1250));
			// The handler would refuse this one without touching the database: a 503
			// shows that it did not run.
			invalidRefused = api.createPayment(invalidKey, payment(customer, 0));
		}
		finally {
			postgres.down(false);
		}

		for (Reply reply : new Reply[] { refused, invalidRefused }) {
			assertThat(reply.status()).as("%s", reply).isEqualTo(503);
			assertThat(reply.problemType()).isEqualTo(PROBLEM_BASE + "store-unavailable");
			assertThat(reply.header("Retry-After")).isEqualTo("5");
			assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
		}
		assertThat(failClosed.gateway().chargeAttempts(customer)).isZero();
		assertThat(failClosed.count("idempotency.requests", "outcome", "store-unavailable")).isEqualTo(unavailable + 2);
		assertThat(database.record(key)).isEmpty();

		// Nothing of the refused request is left, in PostgreSQL or in Redis: the same
		// key runs (not a 409) and then replays. The client waits a moment first, as
		// Retry-After asks, and the pool checks the connections it had before handing
		// them out again (it skips that check within 500 ms of their last use).
		PaymentsHttp.pause(Duration.ofSeconds(1));
		Reply created = api.createPayment(key, payment(customer, 1250));
		assertThat(created.executedCreated()).as("%s", created).isTrue();
		Reply replay = api.createPayment(key, payment(customer, 1250));
		assertThat(replay.replayed()).as("%s", replay).isTrue();
		assertThat(replay.body()).isEqualTo(created.body());
		assertThat(database.payments(customer)).isEqualTo(1);
		assertThat(failClosed.gateway().chargeAttempts(customer)).isEqualTo(1);
	}

	@Test
	void withPostgresHungAPaymentIsRefusedWith503WithinTheSocketTimeoutAndItsKeyNeverRunsTwice() {
		PaymentsHttp api = failClosed.http();
		assertThat(api.createPayment(newKey(), payment(newCustomer(), 100)).executedCreated()).isTrue();
		String customer = newCustomer();
		String key = newKey();
		String body = payment(customer, 1250);

		postgres.frozen(true);
		Reply refused;
		try {
			refused = api.createPayment(key, body);
		}
		finally {
			postgres.frozen(false);
		}

		assertThat(refused.status()).as("%s", refused).isEqualTo(503);
		assertThat(refused.problemType()).isEqualTo(PROBLEM_BASE + "store-unavailable");
		assertThat(refused.took()).isLessThan(SOCKET_TIMEOUT.plusSeconds(3));
		assertThat(failClosed.gateway().chargeAttempts(customer)).isZero();

		// The reservation may have waited in the network and reached PostgreSQL after the
		// 503: the server runs what it receives. It then holds the key for one lease, so
		// a retry gets 409 until the lease runs out, and then runs the payment once.
		PaymentsHttp.pause(Duration.ofSeconds(1));
		List<Reply> conflicts = new ArrayList<>();
		Reply created = api.createPaymentUntilNotInProgress(key, body, Duration.ofSeconds(10), conflicts);
		assertThat(created.executedCreated()).as("%s", created).isTrue();
		assertThat(conflicts).allSatisfy(
				(conflict) -> assertThat(conflict.problemType()).isEqualTo(PROBLEM_BASE + "request-in-progress"));
		Reply replay = api.createPayment(key, body);
		assertThat(replay.replayed()).as("%s", replay).isTrue();
		assertThat(replay.body()).isEqualTo(created.body());
		assertThat(database.payments(customer)).isEqualTo(1);
		assertThat(failClosed.gateway().chargeAttempts(customer)).isEqualTo(1);
	}

	@Test
	void failOpenLetsRequestsThroughUnprotectedWhilePostgresIsGoneAndCountsThem() {
		PaymentsHttp api = failOpen.http();
		assertThat(api.createPayment(newKey(), payment(newCustomer(), 100)).executedCreated()).isTrue();
		String customer = newCustomer();
		String key = newKey();
		double failedOpen = failOpen.count("idempotency.requests", "outcome", "fail-open");

		postgres.down(true);
		Reply invalid;
		Reply unprotected;
		try {
			invalid = api.createPayment(newKey(), payment(customer, 0));
			unprotected = api.createPayment(key, payment(customer, 1250));
		}
		finally {
			postgres.down(false);
		}

		// The application's own validation answered: the handler ran.
		assertThat(invalid.status()).as("%s", invalid).isEqualTo(400);
		assertThat((String) invalid.json("$.errors[0].pointer")).isEqualTo("#/amountCents");
		// The application's own database access failed, not the starter.
		assertThat(unprotected.status()).as("%s", unprotected).isEqualTo(503);
		assertThat(unprotected.contentType()).startsWith("application/problem+json");
		assertThat((String) unprotected.json("$.title")).isEqualTo("Payments database unavailable");
		assertThat(unprotected.problemType()).isNull();
		assertThat(failOpen.count("idempotency.requests", "outcome", "fail-open")).isEqualTo(failedOpen + 2);
		assertThat(failOpen.count("idempotency.requests", "outcome", "store-unavailable")).isZero();
		assertThat(failOpen.gateway().chargeAttempts(customer)).isZero();

		// The unprotected attempt left no record: the same key runs normally now.
		PaymentsHttp.pause(Duration.ofSeconds(1));
		Reply created = api.createPayment(key, payment(customer, 1250));
		assertThat(created.executedCreated()).as("%s", created).isTrue();
		assertThat(api.createPayment(key, payment(customer, 1250)).replayed()).isTrue();
		assertThat(database.payments(customer)).isEqualTo(1);
	}

}
