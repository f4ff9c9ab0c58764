package dev.idempotency.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With springdoc-openapi present, every {@code @Idempotent} operation documents the key
 * header, the replay header and the starter's problem responses; other operations are
 * left as they are.
 */
@SpringBootTest(classes = FilterTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "idempotency.store.type=in-memory", FilterTestApplication.WITHOUT_REDIS_AND_SECURITY })
class OpenApiHttpTests {

	@LocalServerPort
	private int port;

	@Test
	void documentsTheHeaderAndTheProblemResponsesOfIdempotentOperations() throws Exception {
		DocumentContext api = apiDocs();
		assertThat(api.read("$.paths['/orders'].post.parameters[?(@.name == 'Idempotency-Key')].in", java.util.List.class))
			.containsExactly("header");
		assertThat(api.read("$.paths['/orders'].post.parameters[?(@.name == 'Idempotency-Key')].required",
				java.util.List.class))
			.containsExactly(true);
		assertThat(api.read("$.paths['/optional'].post.parameters[?(@.name == 'Idempotency-Key')].required",
				java.util.List.class))
			.containsExactly(false);
		for (String status : new String[] { "400", "409", "413", "422", "503" }) {
			assertThat(api.read("$.paths['/orders'].post.responses['" + status + "'].description", String.class))
				.as(status)
				.isNotBlank();
		}
		assertThat(api.read("$.paths['/orders'].post.responses['422'].content", java.util.Map.class))
			.containsKey("application/problem+json");
		java.util.Map<String, java.util.Map<String, Object>> responses = api.read("$.paths['/orders'].post.responses");
		assertThat(responses.keySet()).anyMatch((code) -> code.startsWith("2"));
		responses.forEach((code, response) -> {
			if (code.startsWith("2")) {
				assertThat(((java.util.Map<?, ?>) response.get("headers")).containsKey("Idempotent-Replayed")).as(code).isTrue();
			}
		});
	}

	@Test
	void leavesOtherOperationsAlone() throws Exception {
		DocumentContext api = apiDocs();
		assertThat(api.read("$.paths['/plain'].post.responses", java.util.Map.class)).doesNotContainKey("422");
		assertThat(api.read("$.paths['/orders'].get.responses", java.util.Map.class)).doesNotContainKey("409");
	}

	private DocumentContext apiDocs() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v3/api-docs")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonPath.parse(response.body());
	}

}
