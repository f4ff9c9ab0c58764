package dev.idempotency.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each handled request is one {@code idempotency.request} observation, with the endpoint
 * and outcome as low-cardinality values, so traces show the starter's own span.
 */
@SpringBootTest(classes = { FilterTestApplication.class, ObservationHttpTests.Recording.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "idempotency.store.type=in-memory", FilterTestApplication.WITHOUT_REDIS_AND_SECURITY })
class ObservationHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingHandler handler;

	@Test
	void observesEachHandledRequestWithItsEndpointAndOutcome() throws Exception {
		String key = UUID.randomUUID().toString();
		post(key);
		post(key);
		List<Observation.Context> observed = this.handler.stopped.stream()
			.filter((context) -> "idempotency.request".equals(context.getName()))
			.toList();
		assertThat(observed).hasSize(2);
		assertThat(observed).allSatisfy((context) -> {
			assertThat(context.getContextualName()).isEqualTo("idempotency POST /orders");
			assertThat(context.getLowCardinalityKeyValue("endpoint").getValue()).isEqualTo("POST /orders");
		});
		assertThat(observed).extracting((context) -> context.getLowCardinalityKeyValue("outcome").getValue())
			.containsExactly("executed", "replayed");
	}

	private void post(String key) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/orders"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"cup\"}"))
			.build();
		assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
			.isEqualTo(201);
	}

	static final class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

	}

}
