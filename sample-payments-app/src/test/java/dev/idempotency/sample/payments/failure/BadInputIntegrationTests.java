package dev.idempotency.sample.payments.failure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.idempotency.sample.payments.CardGateway;
import dev.idempotency.test.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.idempotency.sample.payments.Payloads.newCustomer;
import static dev.idempotency.sample.payments.Payloads.newKey;
import static dev.idempotency.sample.payments.Payloads.payment;
import static dev.idempotency.sample.payments.failure.PaymentsHttp.PROBLEM_BASE;
import static dev.idempotency.test.RawHttp.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A corpus of bad requests to {@code POST /payments}, sent over a raw socket so that
 * nothing cleans them up on the way: never a {@code 5xx}, always the documented
 * {@code 4xx}, and never a payment.
 * <ul>
 * <li>What the starter refuses itself (a missing or malformed key, a body over
 * {@code idempotency.max-request-body}, JSON with a member twice) is refused before any
 * store work: no record is created. Their bodies are valid payments, so a request let
 * through by mistake would show as a payment.</li>
 * <li>What only the application can refuse (malformed JSON, numbers it cannot take,
 * deep nesting, content types it does not read) goes to the handler, as it would without
 * the starter, and its {@code 4xx} is stored and replayed like any other answer: a retry
 * of the same bad request gets the same answer, and a corrected request takes a new
 * key.</li>
 * </ul>
 * Runs on the default profile (the JDBC store on an in-memory H2 database).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BadInputIntegrationTests {

	private static final int MAX_REQUEST_BODY = 1024 * 1024;

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private CardGateway gateway;

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void refusedByTheStarterWithItsProblemAndNoRecord(BadRequest bad) {
		Counts before = counts();

		RawHttp.Response response = bad.send(new RawHttp(this.port), newKey());

		assertThat(response.status()).as("%s", response).isEqualTo(bad.status());
		if (bad.problem() != null) {
			assertThat(response.problemType()).as("%s", response).isEqualTo(PROBLEM_BASE + bad.problem());
			assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		}
		else {
			// Refused by the server before the application: not a problem, but never a 5xx.
			assertThat(response.problemType()).as("%s", response).isIn(null, PROBLEM_BASE + "key-malformed");
		}
		assertThat(counts()).isEqualTo(before);
	}

	static Stream<BadRequest> refusedByTheStarterWithItsProblemAndNoRecord() {
		List<BadRequest> corpus = new ArrayList<>();
		corpus.add(paymentWithKeyHeaders("no key", 400, "key-missing", (http, key) -> List.of()));
		for (String malformed : List.of("k".repeat(256), "\"" + "k".repeat(256) + "\"",
				"\"" + "\\\"".repeat(256) + "\"", "a\tb", "\"a\tb\"", "", " ", "   ", "\"\"", "a, b", "\"a\", \"b\"",
				"\"abc", "\"a\\b\"", "\"abc\";x=1", "\"abc\"def", "\"abc\\", "a b", "a\"b", "a\\b")) {
			corpus.add(paymentWithKeyHeaders("key <" + malformed.replace("\t", "\\t") + ">", 400, "key-malformed",
					(http, key) -> List.of(header("Idempotency-Key", malformed))));
		}
		// Longer than a header the server accepts: refused by the server or the starter.
		corpus.add(paymentWithKeyHeaders("key of 10 000 characters", 400, null,
				(http, key) -> List.of(header("Idempotency-Key", "k".repeat(10_000)))));
		corpus.add(paymentWithKeyHeaders("key with UTF-8 bytes", 400, "key-malformed", (http, key) -> List
			.of(header("Idempotency-Key", ("caf" + "\u00e9" + "-" + key).getBytes(StandardCharsets.UTF_8)))));
		corpus.add(paymentWithKeyHeaders("key with a Latin-1 byte", 400, "key-malformed",
				(http, key) -> List.of(header("Idempotency-Key", new byte[] { 'k', (byte) 0xFF }))));
		corpus.add(paymentWithKeyHeaders("key with an emoji", 400, "key-malformed", (http, key) -> List
			.of(header("Idempotency-Key", ("k-\uD83D\uDCB3").getBytes(StandardCharsets.UTF_8)))));
		for (int control : new int[] { 0x00, 0x01, 0x1B, 0x7F }) {
			// The server may refuse these itself, before the application sees them.
			corpus.add(paymentWithKeyHeaders("key with control character 0x" + Integer.toHexString(control), 400, null,
					(http, key) -> List.of(header("Idempotency-Key", new byte[] { 'k', (byte) control, 'k' }))));
		}
		corpus.add(paymentWithKeyHeaders("the key twice", 400, "key-malformed", (http, key) -> List
			.of(header("Idempotency-Key", key), header("Idempotency-Key", key))));
		corpus.add(paymentWithKeyHeaders("the key twice, once empty", 400, "key-malformed", (http, key) -> List
			.of(header("Idempotency-Key", key), header("Idempotency-Key", ""))));
		corpus.add(new BadRequest("a body one byte over the limit", 413, "request-body-too-large",
				(http, key) -> http.post("/payments", jsonWithKey(key), paddedPayment(MAX_REQUEST_BODY + 1))));
		corpus.add(new BadRequest("a chunked body one byte over the limit", 413, "request-body-too-large",
				(http, key) -> http.postChunked("/payments", jsonWithKey(key), MAX_REQUEST_BODY + 1, (byte) ' ')));
		corpus.add(new BadRequest("a declared length over the limit, with no body sent", 413, "request-body-too-large",
				(http, key) -> http.send("/payments", with(jsonWithKey(key), header("Content-Length", "104857600")),
						(out) -> {
						})));
		corpus.add(new BadRequest("a JSON member twice", 400, "request-body-invalid",
				(http, key) -> http.post("/payments", jsonWithKey(key), bytes("""
						{"customerId": "%s", "amountCents": 1, "amountCents": 100000, "currency": "EUR"}"""
					.formatted(newCustomer())))));
		corpus.add(new BadRequest("a JSON member twice, escaped differently", 400, "request-body-invalid",
				(http, key) -> http.post("/payments", jsonWithKey(key), bytes("""
						{"customerId": "%s", "amountCents": 1, "amount\\u0043ents": 100000, "currency": "EUR"}"""
					.formatted(newCustomer())))));
		return corpus.stream();
	}

	/**
	 * A body 50 times over the limit, sent chunked (no length to refuse it by): the
	 * {@code 413} arrives while the client is still sending, so the server read at most
	 * the limit of it.
	 */
	@Test
	void aFiftyMegabyteChunkedBodyIsRefusedWithoutBeingRead() {
		Counts before = counts();
		long start = System.nanoTime();

		RawHttp.Response response = new RawHttp(this.port).postChunked("/payments", jsonWithKey(newKey()),
				50L * 1024 * 1024, (byte) ' ');

		assertThat(response.status()).as("%s", response).isEqualTo(413);
		assertThat(response.problemType()).isEqualTo(PROBLEM_BASE + "request-body-too-large");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
		assertThat(counts()).isEqualTo(before);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void refusedByTheApplicationAndReplayedLikeAnyOtherAnswer(BadRequest bad) {
		Counts before = counts();
		String key = newKey();
		RawHttp http = new RawHttp(this.port);

		RawHttp.Response response = bad.send(http, key);
		RawHttp.Response retry = bad.send(http, key);

		assertThat(response.status()).as("%s", response).isEqualTo(bad.status());
		assertThat(response.isProblem()).as("%s", response).isTrue();
		assertThat(response.header("Idempotent-Replayed")).isNull();
		assertThat(retry.status()).as("%s", retry).isEqualTo(bad.status());
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.text()).isEqualTo(response.text());
		Counts after = counts();
		assertThat(after.payments()).isEqualTo(before.payments());
		assertThat(after.charges()).isEqualTo(before.charges());
		assertThat(this.jdbc.sql("SELECT status, response_status FROM idempotency_record WHERE idempotency_key = ?")
			.param(key)
			.query()
			.singleRow()).containsEntry("STATUS", "COMPLETED").containsEntry("RESPONSE_STATUS", bad.status());
	}

	static Stream<BadRequest> refusedByTheApplicationAndReplayedLikeAnyOtherAnswer() {
		String customer = "\"customerId\": \"c-bad-input\", \"currency\": \"EUR\"";
		List<BadRequest> corpus = new ArrayList<>();
		for (String json : List.of("{\"customerId\": ", "{" + customer + ", \"amountCents\": }", "not json at all",
				"{" + customer + ", \"amountCents\": 1e999999999}", "{" + customer + ", \"amountCents\": 1e-999999999}",
				"{" + customer + ", \"amountCents\": " + "9".repeat(2000) + "}",
				"{" + customer + ", \"amountCents\": 9223372036854775808}",
				"{" + customer + ", \"amountCents\": 100, \"x\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}",
				"[".repeat(10_000) + "]".repeat(10_000), "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000),
				"{" + customer + ", \"amountCents\": 100, \"x\": " + "[".repeat(10_000) + "}")) {
			String name = (json.length() > 60) ? json.substring(0, 60) + "... (" + json.length() + " characters)" : json;
			corpus.add(new BadRequest("JSON " + name, 400, null,
					(http, key) -> http.post("/payments", jsonWithKey(key), bytes(json))));
		}
		String valid = payment("c-bad-input", 100);
		for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
				"application/octet-stream", "application/json; charset=bogus",
				"application/x-www-form-urlencoded; charset=bogus", "application/", ";;;")) {
			corpus.add(new BadRequest("Content-Type " + contentType, 415, null, (http, key) -> http.post("/payments",
					List.of(header("Content-Type", contentType), header("Idempotency-Key", key)), bytes(valid))));
		}
		corpus.add(new BadRequest("a form with a broken escape", 415, null,
				(http, key) -> http.post("/payments",
						List.of(header("Content-Type", "application/x-www-form-urlencoded"), header("Idempotency-Key", key)),
						bytes("customerId=%ZZ&amountCents=100%"))));
		corpus.add(new BadRequest("no Content-Type", 415, null,
				(http, key) -> http.post("/payments", List.of(header("Idempotency-Key", key)), bytes(valid))));
		corpus.add(new BadRequest("Content-Type multipart/form-data", 415, null, (http, key) -> http.post("/payments",
				List.of(header("Content-Type", "multipart/form-data; boundary=XyZ"), header("Idempotency-Key", key)),
				bytes("--XyZ\r\nContent-Disposition: form-data; name=\"payment\"\r\n"
						+ "Content-Type: application/json\r\n\r\n" + valid + "\r\n--XyZ--\r\n"))));
		return corpus.stream();
	}

	/**
	 * Requests whose framing is broken, refused by the server or the starter: never a
	 * {@code 5xx}, and nothing is stored.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource
	void brokenFramingIsAClientError(BadRequest bad) {
		Counts before = counts();

		RawHttp.Response response = bad.send(new RawHttp(this.port), newKey());

		assertThat(response.status()).as("%s", response).isBetween(400, 499);
		assertThat(counts()).isEqualTo(before);
	}

	static Stream<BadRequest> brokenFramingIsAClientError() {
		String valid = payment(newCustomer(), 100);
		return Stream.of(
				new BadRequest("a chunk size that is not hexadecimal", 400, null,
						(http, key) -> http.send("/payments", with(jsonWithKey(key), header("Transfer-Encoding", "chunked")),
								(out) -> out.write(bytes("zz\r\n" + valid + "\r\n0\r\n\r\n")))),
				new BadRequest("a chunk longer than its size", 400, null,
						(http, key) -> http.send("/payments", with(jsonWithKey(key), header("Transfer-Encoding", "chunked")),
								(out) -> out.write(bytes("2\r\n" + valid + "\r\n0\r\n\r\n")))),
				new BadRequest("a Content-Length that is not a number", 400, null,
						(http, key) -> http.send("/payments", with(jsonWithKey(key), header("Content-Length", "12x")),
								(out) -> out.write(bytes(valid)))),
				new BadRequest("a folded key header", 400, null,
						(http, key) -> http.post("/payments",
								List.of(header("Content-Type", "application/json"),
										bytes("Idempotency-Key: " + key + "\r\n continued")),
								bytes(valid))));
	}

	@Test
	void theLongestKeyAndABodyOfExactlyTheLimitAreAccepted() {
		RawHttp http = new RawHttp(this.port);
		String key = "k".repeat(255);
		byte[] body = paddedPayment(MAX_REQUEST_BODY);

		RawHttp.Response created = http.post("/payments", jsonWithKey(key), body);
		RawHttp.Response replay = http.post("/payments", jsonWithKey(key), body);

		assertThat(created.status()).as("%s", created).isEqualTo(201);
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.text()).isEqualTo(created.text());
	}

	@Test
	void aQuotedKeyAndTheSameKeyBareAreOneKey() {
		RawHttp http = new RawHttp(this.port);
		String key = newKey();
		byte[] body = bytes(payment(newCustomer(), 100));

		RawHttp.Response created = http.post("/payments",
				List.of(header("Content-Type", "application/json"), header("Idempotency-Key", "\"" + key + "\"")), body);
		RawHttp.Response replay = http.post("/payments", jsonWithKey(key), body);

		assertThat(created.status()).as("%s", created).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).as("%s", replay).isEqualTo("true");
		assertThat(replay.text()).isEqualTo(created.text());
	}

	@Test
	void aMalformedKeyIsRefusedWhateverTheBodySays() {
		assertThatNoException().isThrownBy(() -> {
			RawHttp.Response response = new RawHttp(this.port).post("/payments",
					List.of(header("Content-Type", "application/json"), header("Idempotency-Key", "\"abc")),
					bytes("{\"customerId\": "));
			assertThat(response.problemType()).isEqualTo(PROBLEM_BASE + "key-malformed");
		});
	}

	private Counts counts() {
		return new Counts(this.jdbc.sql("SELECT count(*) FROM payment").query(Long.class).single(),
				this.jdbc.sql("SELECT count(*) FROM idempotency_record").query(Long.class).single(),
				this.gateway.chargeAttempts());
	}

	/**
	 * A valid payment for a new customer, with JSON headers and whatever key headers the
	 * case gives.
	 */
	private static BadRequest paymentWithKeyHeaders(String name, int status, String problem, KeyHeaders keyHeaders) {
		return new BadRequest(name, status, problem, (http, key) -> {
			List<byte[]> headers = new ArrayList<>();
			headers.add(header("Content-Type", "application/json"));
			headers.addAll(keyHeaders.headers(http, key));
			return http.post("/payments", headers, bytes(payment(newCustomer(), 100)));
		});
	}

	private static List<byte[]> jsonWithKey(String key) {
		return List.of(header("Content-Type", "application/json"), header("Idempotency-Key", key));
	}

	private static List<byte[]> with(List<byte[]> headers, byte[]... more) {
		List<byte[]> all = new ArrayList<>(headers);
		all.addAll(Arrays.asList(more));
		return all;
	}

	/**
	 * A valid payment padded with trailing spaces to {@code size} bytes.
	 */
	private static byte[] paddedPayment(int size) {
		byte[] json = bytes(payment(newCustomer(), 100));
		byte[] padded = Arrays.copyOf(json, size);
		Arrays.fill(padded, json.length, size, (byte) ' ');
		return padded;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	interface KeyHeaders {

		List<byte[]> headers(RawHttp http, String key);

	}

	@FunctionalInterface
	interface Sender {

		RawHttp.Response send(RawHttp http, String key);

	}

	/**
	 * One bad request of the corpus.
	 *
	 * @param name what is wrong with it
	 * @param status the status it must get
	 * @param problem the starter's problem type it must get (after the base URI), or
	 * {@code null} where the answer comes from the application or the server
	 * @param sender sends it with a given key
	 */
	record BadRequest(String name, int status, String problem, Sender sender) {

		RawHttp.Response send(RawHttp http, String key) {
			return this.sender.send(http, key);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * What a request may have left behind.
	 */
	record Counts(long payments, long records, long charges) {

	}

}
