package dev.idempotency.sample.payments.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The payments API of one running instance (in this JVM or a child one), called over
 * HTTP/1.1 as a client would. Every test makes its own keys and customers, so tests
 * never meet in a shared instance or database.
 */
final class PaymentsHttp {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	static final String PROBLEM_BASE = "https://idempotency.dev/problems/";

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	PaymentsHttp(int port) {
		this.port = port;
	}

	int port() {
		return this.port;
	}

	/**
	 * {@code POST /payments} with a key and optional extra headers (name, value, ...).
	 */
	Reply createPayment(String key, String json, String... headers) {
		return post("/payments", "application/json", json.getBytes(StandardCharsets.UTF_8),
				withKey(key, headers));
	}

	/**
	 * Retry a payment as a patient client does: again and again while the answer is
	 * {@code 409} (the key is held by a request in flight), until another answer comes
	 * or the time is up.
	 * @param conflicts collects the {@code 409} answers on the way
	 * @return the first answer that is not a {@code 409}, or the last {@code 409}
	 */
	Reply createPaymentUntilNotInProgress(String key, String json, Duration atMost, List<Reply> conflicts) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (true) {
			Reply reply = createPayment(key, json);
			if (reply.status() != 409 || System.nanoTime() > deadline) {
				return reply;
			}
			conflicts.add(reply);
			pause(Duration.ofMillis(100));
		}
	}

	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	Reply refund(String paymentId, String key, String json) {
		return post("/payments/" + paymentId + "/refunds", "application/json", json.getBytes(StandardCharsets.UTF_8),
				withKey(key, new String[0]));
	}

	Reply post(String path, String contentType, byte[] body, String... headers) {
		HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request.build());
	}

	Reply get(String path) {
		return send(request(path).GET().build());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
	}

	private static String[] withKey(String key, String[] headers) {
		String[] all = new String[headers.length + 2];
		all[0] = IDEMPOTENCY_KEY;
		all[1] = key;
		System.arraycopy(headers, 0, all, 2, headers.length);
		return all;
	}

	private static Reply send(HttpRequest request) {
		long start = System.nanoTime();
		try {
			HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
			return new Reply(response.statusCode(), response.headers(), response.body(),
					Duration.ofNanos(System.nanoTime() - start));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not call " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while calling " + request.uri(), ex);
		}
	}

}
