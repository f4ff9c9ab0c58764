package dev.idempotency.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import dev.idempotency.web.FilterTestApplication.Executions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys are scoped by client (SPEC section 5): here by the configured client header.
 */
@SpringBootTest(classes = FilterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "idempotency.store.type=in-memory", "idempotency.scope.header=X-Client-Id",
				FilterTestApplication.WITHOUT_REDIS_AND_SECURITY })
class ScopeHttpTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Executions executions;

	@Test
	void twoClientsWithTheSameKeyNeverSeeEachOthersResponse() throws Exception {
		String key = UUID.randomUUID().toString();
		int before = this.executions.count("orders");
		HttpResponse<String> alice = post("alice", key);
		HttpResponse<String> bob = post("bob", key);
		assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(bob.body()).isNotEqualTo(alice.body());
		assertThat(this.executions.count("orders")).isEqualTo(before + 2);
		assertThat(post("alice", key).body()).isEqualTo(alice.body());
	}

	@Test
	void scopeAndKeyCannotBeShiftedIntoEachOther() throws Exception {
		String suffix = UUID.randomUUID().toString();
		int before = this.executions.count("orders");
		post("x" + suffix, "a:b");
		HttpResponse<String> shifted = post("x" + suffix + ":a", "b");
		assertThat(shifted.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(this.executions.count("orders")).isEqualTo(before + 2);
	}

	@Test
	void requestsWithoutTheClientHeaderShareTheGlobalScope() throws Exception {
		String key = UUID.randomUUID().toString();
		HttpResponse<String> first = post(null, key);
		HttpResponse<String> second = post(null, key);
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(post("carol", key).headers().firstValue("Idempotent-Replayed")).isEmpty();
	}

	private HttpResponse<String> post(String clientId, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/orders"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"pen\"}"));
		if (clientId != null) {
			request.header("X-Client-Id", clientId);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
