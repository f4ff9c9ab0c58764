package dev.idempotency.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.idempotency.test.RawHttp;
import dev.idempotency.web.FilterTestApplication.Executions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the behaviour table (SPEC section 2) over real HTTP, on the in-memory
 * store: the application runs on a random port and a real HTTP client calls it.
 */
@SpringBootTest(classes = FilterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "idempotency.store.type=in-memory", "idempotency.max-request-body=2KB",
				"idempotency.max-response-body=1KB", "idempotency.replay.excluded-headers=X-Not-Replayed",
				FilterTestApplication.WITHOUT_REDIS_AND_SECURITY })
class IdempotencyFilterHttpTests {

	private static final String PROBLEMS = "https://idempotency.dev/problems/";

	private static final String ORDER = "{\"item\":\"book\",\"quantity\":2}";

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private Executions executions;

	@Nested
	class WhichRequestsAreHandled {

		@Test
		void aHandlerWithoutIdempotentIgnoresTheHeader() throws Exception {
			String key = newKey();
			HttpResponse<String> first = post("/plain", key, "{}");
			HttpResponse<String> second = post("/plain", key, "{}");
			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(second.body()).isNotEqualTo(first.body());
			assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
		}

		@Test
		void aGetWithTheHeaderIsUntouched() throws Exception {
			int before = executions.count("list");
			HttpRequest request = HttpRequest.newBuilder(uri("/orders")).header("Idempotency-Key", "\"unterminated")
				.GET()
				.build();
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(executions.count("list")).isEqualTo(before + 1);
		}

		@Test
		void anOptionalKeyMayBeLeftOutAndTheHandlerRunsEveryTime() throws Exception {
			int before = executions.count("optional");
			assertThat(post("/optional", null, "{}").statusCode()).isEqualTo(200);
			assertThat(post("/optional", null, "{}").statusCode()).isEqualTo(200);
			assertThat(executions.count("optional")).isEqualTo(before + 2);
		}

		@Test
		void anOptionalKeyThatIsSentIsHonoured() throws Exception {
			String key = newKey();
			HttpResponse<String> first = post("/optional", key, "{}");
			HttpResponse<String> second = post("/optional", key, "{}");
			assertThat(second.body()).isEqualTo(first.body());
			assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		}

		@Test
		void aClassLevelAnnotationCoversItsHandlersAndAMethodAnnotationOverridesIt() throws Exception {
			assertProblem(post("/class-level", null, "{}"), 400, "key-missing");
			assertThat(post("/class-level/optional", null, "{}").statusCode()).isEqualTo(200);
			String key = newKey();
			HttpResponse<String> first = post("/class-level", key, "{}");
			assertThat(post("/class-level", key, "{}").body()).isEqualTo(first.body());
		}

		@Test
		void patchIsHandledByDefault() throws Exception {
			String key = newKey();
			int before = executions.count("patch");
			HttpResponse<String> first = send("PATCH", "/orders/7", key, "{\"quantity\":3}", "application/json");
			HttpResponse<String> second = send("PATCH", "/orders/7", key, "{\"quantity\":3}", "application/json");
			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(second.body()).isEqualTo(first.body());
			assertThat(executions.count("patch")).isEqualTo(before + 1);
		}

	}

	@Nested
	class Row1MissingKey {

		@Test
		void isRefusedWith400AndTheHandlerDoesNotRun() throws Exception {
			int before = executions.count("orders");
			HttpResponse<String> response = post("/orders", null, ORDER);
			assertProblem(response, 400, "key-missing");
			assertThat(response.body()).contains("Idempotency-Key");
			assertThat(executions.count("orders")).isEqualTo(before);
		}

	}

	@Nested
	class Row2MalformedKey {

		@ParameterizedTest
		@ValueSource(strings = { "\"\"", "\"unterminated", "\"bad\\escape\"", "\"a\";param=1", "two words",
				"a,b" })
		void isRefusedWith400(String header) throws Exception {
			int before = executions.count("orders");
			assertProblem(post("/orders", header, ORDER), 400, "key-malformed");
			assertThat(executions.count("orders")).isEqualTo(before);
		}

		@Test
		void aKeyOverTheMaximumLengthIsRefused() throws Exception {
			assertProblem(post("/orders", "k".repeat(256), ORDER), 400, "key-malformed");
			assertThat(post("/orders", "k".repeat(255) , ORDER).statusCode()).isEqualTo(201);
		}

		@Test
		void anEmptyHeaderIsRefused() throws Exception {
			RawHttp.Response response = raw(RawHttp.header("Idempotency-Key", ""));
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.text()).contains(PROBLEMS + "key-malformed");
		}

		@Test
		void aControlCharacterIsRefused() throws Exception {
			RawHttp.Response response = raw(RawHttp.header("Idempotency-Key", "ab\u0001cd"));
			assertThat(response.status()).isEqualTo(400);
		}

		@Test
		void aNonAsciiByteIsRefused() throws Exception {
			byte[] cafe = { 'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9 };
			RawHttp.Response response = raw(RawHttp.header("Idempotency-Key", cafe));
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.text()).contains(PROBLEMS + "key-malformed");
		}

		@Test
		void theHeaderGivenTwiceIsRefused() throws Exception {
			int before = executions.count("orders");
			RawHttp.Response response = raw(RawHttp.header("Idempotency-Key", "one"),
					RawHttp.header("Idempotency-Key", "one"));
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(executions.count("orders")).isEqualTo(before);
		}

		@Test
		void aQuotedKeyAndABareKeyAreTheSameKey() throws Exception {
			String key = newKey();
			HttpResponse<String> first = post("/orders", key, ORDER);
			HttpResponse<String> second = post("/orders", "\"" + key + "\"", ORDER);
			assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(second.body()).isEqualTo(first.body());
		}

		private RawHttp.Response raw(byte[]... keyHeaders) {
			List<byte[]> headers = new ArrayList<>(List.of(RawHttp.header("Content-Type", "application/json")));
			headers.addAll(List.of(keyHeaders));
			return new RawHttp(port).post("/orders", headers, ORDER.getBytes(StandardCharsets.UTF_8));
		}

	}

	@Nested
	class Row3BodyTooLarge {

		@Test
		void isRefusedWith413BeforeTheHandlerRuns() throws Exception {
			int before = executions.count("orders");
			String big = "{\"item\":\"" + "x".repeat(3000) + "\"}";
			assertProblem(post("/orders", newKey(), big), 413, "request-body-too-large");
			assertThat(executions.count("orders")).isEqualTo(before);
		}

		@Test
		void aChunkedBodyWithoutContentLengthIsCountedAsItIsRead() throws Exception {
			String big = "{\"item\":\"" + "x".repeat(3000) + "\"}";
			HttpRequest request = HttpRequest.newBuilder(uri("/orders"))
				.header("Idempotency-Key", newKey())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofInputStream(
						() -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
				.build();
			assertProblem(client.send(request, HttpResponse.BodyHandlers.ofString()), 413, "request-body-too-large");
		}

		@Test
		void aBodyJustUnderTheLimitIsAccepted() throws Exception {
			String body = "{\"item\":\"" + "x".repeat(1900) + "\"}";
			assertThat(post("/orders", newKey(), body).statusCode()).isEqualTo(201);
		}

	}

	@Nested
	class Row4NewKey {

		@Test
		void runsTheHandlerAndAnswersWithItsOwnResponse() throws Exception {
			int before = executions.count("orders");
			HttpResponse<String> response = post("/orders", newKey(), ORDER);
			assertThat(response.statusCode()).isEqualTo(201);
			assertThat(response.headers().firstValue("Location")).isPresent();
			assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
			assertThat(response.body()).contains("\"item\":\"book\"");
			assertThat(executions.count("orders")).isEqualTo(before + 1);
		}

	}

	@Nested
	class Row5KeyReusedWithAnotherRequest {

		@Test
		void aCompletedKeyAnswers422AndKeepsItsRecord() throws Exception {
			String key = newKey();
			HttpResponse<String> first = post("/orders", key, ORDER);
			int after = executions.count("orders");
			assertProblem(post("/orders", key, "{\"item\":\"book\",\"quantity\":3}"), 422, "key-reused");
			assertThat(executions.count("orders")).isEqualTo(after);
			HttpResponse<String> replay = post("/orders", key, ORDER);
			assertThat(replay.body()).isEqualTo(first.body());
		}

		@Test
		void anotherPathWithTheSameKeyIsADifferentRequest() throws Exception {
			String key = newKey();
			post("/orders", key, ORDER);
			assertProblem(post("/class-level", key, ORDER), 422, "key-reused");
		}

		@Test
		void anInFlightKeyAnswers422NotA409() throws Exception {
			String key = newKey();
			CompletableFuture<HttpResponse<String>> first = postStarted("slow", "/slow?millis=1500", key, "{\"a\":1}");
			assertProblem(post("/slow?millis=1500", key, "{\"a\":2}"), 422, "key-reused");
			assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}

	}

	@Nested
	class Row6InProgress {

		@Test
		void aConcurrentRetryGets409WithRetryAfterAndTheHandlerRunsOnce() throws Exception {
			String key = newKey();
			int before = executions.count("slow");
			CompletableFuture<HttpResponse<String>> first = postStarted("slow", "/slow?millis=1500", key, "{}");
			HttpResponse<String> retry = post("/slow?millis=1500", key, "{}");
			assertProblem(retry, 409, "request-in-progress");
			long retryAfter = Long.parseLong(retry.headers().firstValue("Retry-After").orElseThrow());
			assertThat(retryAfter).isBetween(1L, 30L);
			assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(executions.count("slow")).isEqualTo(before + 1);
		}

		@Test
		void anEndpointThatWaitsReplaysTheOutcomeInsteadOf409() throws Exception {
			String key = newKey();
			int before = executions.count("slow-wait");
			CompletableFuture<HttpResponse<String>> first = postStarted("slow-wait", "/slow-wait?millis=800", key, "{}");
			HttpResponse<String> retry = post("/slow-wait?millis=800", key, "{}");
			assertThat(retry.statusCode()).isEqualTo(200);
			assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(retry.body()).isEqualTo(first.get(10, TimeUnit.SECONDS).body());
			assertThat(executions.count("slow-wait")).isEqualTo(before + 1);
		}

		@Test
		void manyConcurrentDuplicatesRunTheHandlerOnce() throws Exception {
			String key = newKey();
			int before = executions.count("slow");
			int clients = 20;
			ExecutorService executor = Executors.newFixedThreadPool(clients);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<HttpResponse<String>>> responses = new ArrayList<>();
				for (int i = 0; i < clients; i++) {
					responses.add(executor.submit(() -> {
						start.await();
						return post("/slow?millis=300", key, "{}");
					}));
				}
				start.countDown();
				int created = 0;
				for (Future<HttpResponse<String>> future : responses) {
					HttpResponse<String> response = future.get(30, TimeUnit.SECONDS);
					assertThat(response.statusCode()).isIn(200, 409);
					if (response.statusCode() == 200 && response.headers().firstValue("Idempotent-Replayed").isEmpty()) {
						created++;
					}
				}
				assertThat(created).isEqualTo(1);
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(executions.count("slow")).isEqualTo(before + 1);
		}

	}

	@Nested
	class Row7Replay {

		@Test
		void replaysStatusHeadersAndBodyByteForByte() throws Exception {
			String key = newKey();
			HttpResponse<String> first = post("/orders", key, ORDER);
			int after = executions.count("orders");
			HttpResponse<String> replay = post("/orders", key, ORDER);
			assertThat(replay.statusCode()).isEqualTo(201);
			assertThat(replay.body()).isEqualTo(first.body());
			assertThat(replay.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
			assertThat(replay.headers().firstValue("X-Execution")).isEqualTo(first.headers().firstValue("X-Execution"));
			assertThat(replay.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
			assertThat(replay.headers().firstValue("Content-Length"))
				.hasValue(Integer.toString(first.body().getBytes(StandardCharsets.UTF_8).length));
			assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(executions.count("orders")).isEqualTo(after);
		}

		@Test
		void memberOrderAndWhitespaceDoNotMakeADifferentRequest() throws Exception {
			String key = newKey();
			HttpResponse<String> first = post("/orders", key, "{\"item\":\"book\",\"quantity\":2}");
			HttpResponse<String> replay = post("/orders", key, "{ \"quantity\" : 2.0,\n \"item\" : \"b\\u006fok\" }");
			assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(replay.body()).isEqualTo(first.body());
		}

		@Test
		void neverReplaysCookiesOrExcludedHeadersButKeepsRepeatedHeaders() throws Exception {
			String key = newKey();
			HttpResponse<String> first = post("/headers", key, "{}");
			assertThat(first.headers().allValues("Set-Cookie")).hasSize(1);
			HttpResponse<String> replay = post("/headers", key, "{}");
			assertThat(replay.body()).isEqualTo(first.body());
			assertThat(replay.headers().allValues("Set-Cookie")).isEmpty();
			assertThat(first.headers().firstValue("X-Not-Replayed")).hasValue("private");
			assertThat(replay.headers().firstValue("X-Not-Replayed")).isEmpty();
			assertThat(replay.headers().allValues("X-Multi")).containsExactly("one", "two");
			assertThat(replay.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		}

		@Test
		void ignoredJsonPointersDoNotCount() throws Exception {
			String key = newKey();
			HttpResponse<String> first = post("/ignoring", key, "{\"amount\":5,\"sentAt\":\"10:00\"}");
			HttpResponse<String> replay = post("/ignoring", key, "{\"amount\":5,\"sentAt\":\"10:01\"}");
			assertThat(replay.body()).isEqualTo(first.body());
			assertProblem(post("/ignoring", key, "{\"amount\":6,\"sentAt\":\"10:00\"}"), 422, "key-reused");
		}

		@Test
		void formBodiesAreComparedDecodedAndSorted() throws Exception {
			String key = newKey();
			HttpResponse<String> first = send("POST", "/form", key, "b=2&a=1&a=3", "application/x-www-form-urlencoded");
			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(first.body()).contains("\"a\":[\"1\",\"3\"]");
			HttpResponse<String> replay = send("POST", "/form", key, "a=1&b=%32&a=3",
					"application/x-www-form-urlencoded;charset=UTF-8");
			assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertProblem(send("POST", "/form", key, "a=3&b=2&a=1", "application/x-www-form-urlencoded"), 422,
					"key-reused");
		}

		@Test
		void multipartUploadsAreComparedByTheirPartsNotTheirBoundary() throws Exception {
			String key = newKey();
			int before = executions.count("upload");
			HttpResponse<String> first = upload(key, "boundary-one", "hello", "first");
			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(first.body()).contains("\"content\":\"hello\"").contains("\"note\":\"first\"");
			HttpResponse<String> retry = upload(key, "another-boundary", "hello", "first");
			assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(retry.body()).isEqualTo(first.body());
			assertProblem(upload(key, "boundary-three", "HELLO", "first"), 422, "key-reused");
			assertThat(executions.count("upload")).isEqualTo(before + 1);
		}

		@Test
		void aMultipartUploadOverTheLimitIsRefused() throws Exception {
			int before = executions.count("upload");
			assertProblem(upload(newKey(), "b", "x".repeat(3000), "big"), 413, "request-body-too-large");
			assertThat(executions.count("upload")).isEqualTo(before);
		}

		private HttpResponse<String> upload(String key, String boundary, String content, String note)
				throws IOException, InterruptedException {
			String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + note
					+ "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
					+ "Content-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
			return send("POST", "/upload", key, body, "multipart/form-data; boundary=" + boundary);
		}

		@Test
		void clientErrorsAreStoredAndReplayed() throws Exception {
			String key = newKey();
			int before = executions.count("status-404");
			assertThat(post("/status/404", key, "{}").statusCode()).isEqualTo(404);
			HttpResponse<String> replay = post("/status/404", key, "{}");
			assertThat(replay.statusCode()).isEqualTo(404);
			assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(executions.count("status-404")).isEqualTo(before + 1);
		}

		@Test
		void anErrorSentThroughTheContainerIsReplayedAsTheSameError() throws Exception {
			String key = newKey();
			int before = executions.count("send-error");
			HttpResponse<String> first = post("/send-error", key, "{}");
			assertThat(first.statusCode()).isEqualTo(403);
			HttpResponse<String> replay = post("/send-error", key, "{}");
			assertThat(replay.statusCode()).isEqualTo(403);
			assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(replay.body()).contains("\"status\":403");
			assertThat(executions.count("send-error")).isEqualTo(before + 1);
		}

		@Test
		void aResponseOverTheLimitIsDeliveredWholeAndReplayedWithoutItsBody() throws Exception {
			String key = newKey();
			int before = executions.count("big");
			HttpResponse<String> first = post("/big?size=5000", key, "{}");
			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(first.body()).hasSize(5000);
			HttpResponse<String> replay = post("/big?size=5000", key, "{}");
			assertThat(replay.statusCode()).isEqualTo(200);
			assertThat(replay.headers().firstValue("X-Size")).hasValue("5000");
			assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(replay.body()).isEmpty();
			assertThat(executions.count("big")).isEqualTo(before + 1);
		}

		@Test
		void callableHandlersAreStoredAfterTheirAsyncDispatch() throws Exception {
			assertRunsOnceAndReplays("/callable", "callable", 200);
		}

		@Test
		void deferredResultHandlersAreStoredAfterTheirAsyncDispatch() throws Exception {
			assertRunsOnceAndReplays("/deferred", "deferred", 201);
		}

		@Test
		void completableFutureHandlersAreStoredAfterTheirAsyncDispatch() throws Exception {
			assertRunsOnceAndReplays("/future", "future", 200);
		}

		private void assertRunsOnceAndReplays(String path, String counter, int status) throws Exception {
			String key = newKey();
			int before = executions.count(counter);
			HttpResponse<String> first = post(path, key, "{}");
			assertThat(first.statusCode()).isEqualTo(status);
			HttpResponse<String> replay = post(path, key, "{}");
			assertThat(replay.statusCode()).isEqualTo(status);
			assertThat(replay.body()).isEqualTo(first.body());
			assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(executions.count(counter)).isEqualTo(before + 1);
		}

	}

	@Nested
	class ClientDisconnects {

		@Test
		void theOutcomeIsStillStoredWhenTheClientGoesAwayMidRequest() throws Exception {
			String key = newKey();
			int before = executions.count("slow");
			byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
				String head = "POST /slow?millis=700 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
						+ "Idempotency-Key: " + key + "\r\nContent-Length: " + body.length + "\r\n\r\n";
				socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
				socket.getOutputStream().write(body);
				socket.getOutputStream().flush();
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
				while (executions.count("slow") == before && System.nanoTime() < deadline) {
					Thread.sleep(10);
				}
			}
			// The client is gone while the handler still runs; the retry finds the outcome.
			HttpResponse<String> retry = post("/slow?millis=700", key, "{}");
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (retry.statusCode() == 409 && System.nanoTime() < deadline) {
				Thread.sleep(100);
				retry = post("/slow?millis=700", key, "{}");
			}
			assertThat(retry.statusCode()).isEqualTo(200);
			assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(executions.count("slow")).isEqualTo(before + 1);
		}

	}

	@Nested
	class ReleasedOutcomes {

		@ParameterizedTest
		@ValueSource(ints = { 500, 502, 503, 408, 409, 425, 429 })
		void areNotStoredSoTheNextRetryRunsAgain(int status) throws Exception {
			String key = newKey();
			int before = executions.count("status-" + status);
			assertThat(post("/status/" + status, key, "{}").statusCode()).isEqualTo(status);
			HttpResponse<String> retry = post("/status/" + status, key, "{}");
			assertThat(retry.statusCode()).isEqualTo(status);
			assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
			assertThat(executions.count("status-" + status)).isEqualTo(before + 2);
		}

		@Test
		void anExceptionFromTheHandlerReleasesTheKey() throws Exception {
			String key = newKey();
			int before = executions.count("boom");
			assertThat(post("/boom", key, "{}").statusCode()).isEqualTo(500);
			assertThat(post("/boom", key, "{}").statusCode()).isEqualTo(500);
			assertThat(executions.count("boom")).isEqualTo(before + 2);
		}

		@Test
		void anAsyncFailureReleasesTheKey() throws Exception {
			String key = newKey();
			int before = executions.count("deferred-failure");
			assertThat(post("/deferred-failure", key, "{}").statusCode()).isEqualTo(500);
			assertThat(post("/deferred-failure", key, "{}").statusCode()).isEqualTo(500);
			assertThat(executions.count("deferred-failure")).isEqualTo(before + 2);
		}

		@Test
		void anEndpointMayReleaseOtherStatuses() throws Exception {
			String key = newKey();
			int before = executions.count("release-client-errors-400");
			post("/release-client-errors/400", key, "{}");
			post("/release-client-errors/400", key, "{}");
			assertThat(executions.count("release-client-errors-400")).isEqualTo(before + 2);
			String other = newKey();
			post("/release-client-errors/201", other, "{}");
			assertThat(post("/release-client-errors/201", other, "{}").headers().firstValue("Idempotent-Replayed"))
				.hasValue("true");
		}

	}

	/**
	 * Send a request and wait until its handler has started (or it has been answered).
	 * The count is read before the request is sent, so a handler that starts at once is
	 * not missed.
	 */
	private CompletableFuture<HttpResponse<String>> postStarted(String counter, String path, String key, String json)
			throws InterruptedException {
		int before = executions.count(counter);
		CompletableFuture<HttpResponse<String>> request = postAsync(path, key, json);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (executions.count(counter) == before && !request.isDone() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		return request;
	}

	static String newKey() {
		return UUID.randomUUID().toString();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	HttpResponse<String> post(String path, String key, String json) throws IOException, InterruptedException {
		return send("POST", path, key, json, "application/json");
	}

	HttpResponse<String> send(String method, String path, String key, String body, String contentType)
			throws IOException, InterruptedException {
		return this.client.send(request(method, path, key, body, contentType), HttpResponse.BodyHandlers.ofString());
	}

	CompletableFuture<HttpResponse<String>> postAsync(String path, String key, String json) {
		return this.client.sendAsync(request("POST", path, key, json, "application/json"),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String method, String path, String key, String body, String contentType) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", contentType)
			.method(method, HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			builder.header("Idempotency-Key", key);
		}
		return builder.build();
	}

	static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(response.body()).contains("\"type\":\"" + PROBLEMS + type + "\"")
			.contains("\"status\":" + status);
	}

}
