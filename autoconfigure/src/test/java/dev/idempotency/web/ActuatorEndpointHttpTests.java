package dev.idempotency.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code idempotency} actuator endpoint over HTTP: find a record without its body,
 * and evict it.
 */
@SpringBootTest(classes = FilterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "idempotency.store.type=in-memory", "idempotency.scope.header=X-Client-Id",
				"management.endpoints.web.exposure.include=health,idempotency",
				"management.endpoint.health.show-components=always", "management.endpoint.health.show-details=always",
				FilterTestApplication.WITHOUT_REDIS_AND_SECURITY })
class ActuatorEndpointHttpTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void findsACompletedRecordWithoutItsBody() throws Exception {
		String key = UUID.randomUUID().toString();
		createOrder("acme", key);
		HttpResponse<String> found = actuator("GET", "client:acme", key);
		assertThat(found.statusCode()).isEqualTo(200);
		assertThat(found.body()).contains("\"status\":\"COMPLETED\"")
			.contains("\"endpoint\":\"POST /orders\"")
			.contains("\"fingerprintAlgorithm\":\"v1-sha256\"")
			.contains("\"responseStatus\":201")
			.contains("\"attempts\":1")
			.contains("\"completedAt\"")
			.doesNotContain("secret-item");
	}

	@Test
	void theHealthEndpointShowsTheStore() throws Exception {
		HttpResponse<String> health = this.client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/idempotency")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"store\":\"in-memory\"");
	}

	@Test
	void answers404ForAnUnknownRecord() throws Exception {
		assertThat(actuator("GET", "client:acme", "no-such-key").statusCode()).isEqualTo(404);
	}

	@Test
	void evictsARecordSoTheKeyRunsAgain() throws Exception {
		String key = UUID.randomUUID().toString();
		HttpResponse<String> first = createOrder("acme", key);
		HttpResponse<String> evicted = actuator("DELETE", "client:acme", key);
		assertThat(evicted.statusCode()).isEqualTo(200);
		assertThat(evicted.body()).contains("\"evicted\":true");
		HttpResponse<String> again = createOrder("acme", key);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(again.body()).isNotEqualTo(first.body());
		assertThat(actuator("DELETE", "client:other", key).body()).contains("\"evicted\":false");
	}

	private HttpResponse<String> createOrder(String client, String key) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/orders"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.header("X-Client-Id", client)
			.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"secret-item\"}"))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> actuator(String method, String scope, String key) throws Exception {
		String query = "scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8) + "&key="
				+ URLEncoder.encode(key, StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/idempotency?" + query))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
