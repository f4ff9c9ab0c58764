package dev.idempotency.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.web.FilterTestApplication.Executions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Security, keys are scoped by the authenticated principal, and the filter
 * runs after authentication (SPEC section 5).
 */
@SpringBootTest(classes = { FilterTestApplication.class, SecurityScopeHttpTests.Security.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "idempotency.store.type=in-memory", "spring.autoconfigure.exclude="
				+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
class SecurityScopeHttpTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Executions executions;

	@Autowired
	private IdempotencyStore store;

	@Test
	void twoUsersSendingTheSameKeyEachGetTheirOwnOutcome() throws Exception {
		String key = UUID.randomUUID().toString();
		int before = this.executions.count("orders");
		HttpResponse<String> alice = post("alice", key);
		HttpResponse<String> bob = post("bob", key);
		assertThat(alice.statusCode()).isEqualTo(201);
		assertThat(bob.statusCode()).isEqualTo(201);
		assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(bob.body()).isNotEqualTo(alice.body());
		assertThat(this.executions.count("orders")).isEqualTo(before + 2);
		HttpResponse<String> aliceAgain = post("alice", key);
		assertThat(aliceAgain.body()).isEqualTo(alice.body());
		assertThat(aliceAgain.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.store.find(new RecordKey("principal:alice", key))).isPresent();
		assertThat(this.store.find(new RecordKey("principal:bob", key))).isPresent();
	}

	@Test
	void anUnauthenticatedRequestIsRefusedBeforeAnyRecordIsCreated() throws Exception {
		String key = UUID.randomUUID().toString();
		int before = this.executions.count("orders");
		HttpResponse<String> anonymous = post(null, key);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		HttpResponse<String> wrongPassword = send(key, basic("alice", "wrong"));
		assertThat(wrongPassword.statusCode()).isEqualTo(401);
		assertThat(this.store.find(new RecordKey("global", key))).isEmpty();
		assertThat(this.store.find(new RecordKey("principal:alice", key))).isEmpty();
		assertThat(this.executions.count("orders")).isEqualTo(before);
		assertThat(post("alice", key).statusCode()).isEqualTo(201);
	}

	private HttpResponse<String> post(String user, String key) throws Exception {
		return send(key, (user != null) ? basic(user, "password") : null);
	}

	private HttpResponse<String> send(String key, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/orders"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"lamp\"}"));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Security {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}password").roles("USER").build(),
					User.withUsername("bob").password("{noop}password").roles("USER").build());
		}

	}

}
