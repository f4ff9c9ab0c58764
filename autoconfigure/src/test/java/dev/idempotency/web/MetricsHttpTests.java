package dev.idempotency.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each meter of SPEC section 7 after real requests. Meters are tagged by endpoint (method
 * and route pattern), never by path, key or scope.
 */
@SpringBootTest(classes = FilterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "idempotency.store.type=in-memory", "idempotency.max-request-body=1KB",
				FilterTestApplication.WITHOUT_REDIS_AND_SECURITY })
class MetricsHttpTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Test
	void countsEveryOutcomeByEndpoint() throws Exception {
		String key = UUID.randomUUID().toString();
		double executed = requests("POST /orders", "executed");
		double replayed = requests("POST /orders", "replayed");
		double mismatch = requests("POST /orders", "mismatch");
		double rejected = requests("POST /orders", "rejected");
		post("/orders", key, "{\"item\":\"a\"}");
		post("/orders", key, "{\"item\":\"a\"}");
		post("/orders", key, "{\"item\":\"b\"}");
		post("/orders", null, "{}");
		post("/orders", UUID.randomUUID().toString(), "{\"item\":\"" + "x".repeat(2000) + "\"}");
		assertThat(requests("POST /orders", "executed")).isEqualTo(executed + 1);
		assertThat(requests("POST /orders", "replayed")).isEqualTo(replayed + 1);
		assertThat(requests("POST /orders", "mismatch")).isEqualTo(mismatch + 1);
		assertThat(requests("POST /orders", "rejected")).isEqualTo(rejected + 2);
		assertThat(this.registry.find("idempotency.overhead").tag("endpoint", "POST /orders").timers())
			.isNotEmpty()
			.allSatisfy((timer) -> assertThat(timer.count()).isPositive());
	}

	@Test
	void countsConflictsAndTagsByRoutePatternNotPath() throws Exception {
		String key = UUID.randomUUID().toString();
		CompletableFuture<HttpResponse<String>> first = postAsync("/slow?millis=1500", key);
		Thread.sleep(400);
		post("/slow?millis=1500", key, "{}");
		first.get(10, TimeUnit.SECONDS);
		assertThat(requests("POST /slow", "conflict")).isEqualTo(1);
		post("/orders/42", UUID.randomUUID().toString(), "{}");
		assertThat(this.registry.find("idempotency.requests").tagKeys("endpoint").counters())
			.noneMatch((counter) -> counter.getId().getTag("endpoint").contains("42"));
	}

	@Test
	void countsReleasesByStatusClass() throws Exception {
		post("/status/503", UUID.randomUUID().toString(), "{}");
		post("/boom", UUID.randomUUID().toString(), "{}");
		assertThat(this.registry.get("idempotency.releases").tags("endpoint", "POST /status/{code}", "status", "5xx")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("idempotency.releases").tags("endpoint", "POST /boom", "status", "exception")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void countsLeaseTakeoversAndStaleCompletions() throws Exception {
		String key = UUID.randomUUID().toString();
		// The first request outlives its 500 ms lease; the retry takes the key over and
		// finishes first, so the first one's completion comes too late to be stored.
		CompletableFuture<HttpResponse<String>> zombie = postAsync("/slow-short-lease?millis=2500", key);
		Thread.sleep(800);
		HttpResponse<String> retry = post("/slow-short-lease?millis=2500", key, "{}");
		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(zombie.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(this.registry.get("idempotency.lease.takeovers").tag("endpoint", "POST /slow-short-lease")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("idempotency.completions.stale").tag("endpoint", "POST /slow-short-lease")
			.counter()
			.count()).isEqualTo(1);
		HttpResponse<String> replay = post("/slow-short-lease?millis=2500", key, "{}");
		assertThat(replay.body()).isEqualTo(retry.body());
	}

	@Test
	void timesEveryStoreOperation() throws Exception {
		String key = UUID.randomUUID().toString();
		post("/orders", key, "{\"item\":\"t\"}");
		post("/status/500", UUID.randomUUID().toString(), "{}");
		for (String operation : new String[] { "reserve", "complete", "release" }) {
			assertThat(this.registry.get("idempotency.store.operations")
				.tags("store", "in-memory", "operation", operation, "result", "success")
				.timer()
				.count()).as(operation).isPositive();
		}
	}

	private double requests(String endpoint, String outcome) {
		var counter = this.registry.find("idempotency.requests").tags("endpoint", endpoint, "outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private HttpResponse<String> post(String path, String key, String body) throws Exception {
		return this.client.send(request(path, key, body), HttpResponse.BodyHandlers.ofString());
	}

	private CompletableFuture<HttpResponse<String>> postAsync(String path, String key) {
		return this.client.sendAsync(request(path, key, "{}"), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String path, String key, String body) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			builder.header("Idempotency-Key", key);
		}
		return builder.build();
	}

}
