package dev.idempotency.sample.payments.failure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys scoped by a client header ({@code idempotency.scope.header=X-Client-Id}), on the
 * {@code redis-postgres} profile so that both the Redis key encoding and the database's
 * columns are crossed: two clients that send the same key never meet, whatever the
 * characters of their ids and keys.
 */
class ScopeHeaderIntegrationTests {

	private static final String CLIENT = "X-Client-Id";

	private static PaymentsDatabase database;

	private static RedisPrefix redis;

	private static PaymentsApp app;

	private static PaymentsHttp api;

	@BeforeAll
	static void start() {
		database = PaymentsDatabase.create("payments_scope");
		redis = new RedisPrefix();
		app = PaymentsApp.start(AppConfig.redisPostgres(database, redis).set("idempotency.scope.header", CLIENT));
		api = app.http();
	}

	@AfterAll
	static void stop() {
		try (RedisPrefix keys = redis; PaymentsDatabase schema = database; PaymentsApp instance = app) {
			// Closed in reverse order.
		}
	}

	@Test
	void twoClientsWithTheSameKeyAndTheSamePaymentEachGetTheirOwnPayment() {
		String key = newKey();
		assertOwnPayments(List.of("client-a", key), List.of("client-b", key));
	}

	@Test
	void aDelimiterInTheClientIdNeverMakesTwoScopedKeysMeet() {
		// Scope "x" with key "a:b", and scope "x:a" with key "b": joined naively with ':'
		// both would read "x:a:b".
		String suffix = newKey();
		assertOwnPayments(List.of("x-" + suffix, "a:b"), List.of("x-" + suffix + ":a", "b"));
	}

	@Test
	void aClientCannotReplayAnotherClientsPaymentEvenWithAnotherRequest() {
		String key = newKey();
		String customer = newCustomer();
		Reply alice = api.createPayment(key, payment(customer, 1250), CLIENT, "alice-" + key);
		// Another request with the same key from another client is that client's own new
		// request: neither the other client's replay nor a 422.
		Reply bob = api.createPayment(key, payment(customer, 9999), CLIENT, "bob-" + key);

		assertThat(alice.executedCreated()).as("%s", alice).isTrue();
		assertThat(bob.executedCreated()).as("%s", bob).isTrue();
		assertThat(database.payments(customer)).isEqualTo(2);
	}

	/**
	 * The same payment sent by two clients, each with its own id and key: two payments,
	 * two records, two Redis keys, and each client's retry replays its own.
	 */
	private static void assertOwnPayments(List<String> one, List<String> other) {
		String customer = newCustomer();
		String body = payment(customer, 1250);
		Reply first = api.createPayment(one.get(1), body, CLIENT, one.get(0));
		Reply second = api.createPayment(other.get(1), body, CLIENT, other.get(0));

		assertThat(first.executedCreated()).as("%s", first).isTrue();
		assertThat(second.executedCreated()).as("%s", second).isTrue();
		assertThat((String) first.json("$.id")).isNotEqualTo(second.json("$.id"));
		assertThat(database.paymentIds(customer)).containsExactlyInAnyOrder(first.json("$.id"), second.json("$.id"));
		for (List<String> client : List.of(one, other)) {
			Reply replay = api.createPayment(client.get(1), body, CLIENT, client.get(0));
			Reply own = (client == one) ? first : second;
			assertThat(replay.replayed()).as("%s", replay).isTrue();
			assertThat(replay.body()).isEqualTo(own.body());
			List<Map<String, Object>> records = database.records(client.get(1));
			assertThat(records).extracting((record) -> record.get("scope")).contains("client:" + client.get(0));
		}
		assertThat(app.gateway().chargeAttempts(customer)).isEqualTo(2);
		assertThat(redis.keys()).filteredOn((key) -> key.contains(one.get(0)) || key.contains(other.get(0)))
			.hasSize(2);
	}

}
