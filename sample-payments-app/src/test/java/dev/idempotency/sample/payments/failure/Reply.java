package dev.idempotency.sample.payments.failure;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;

/**
 * One HTTP response, with how long the exchange took.
 *
 * @param status the status code
 * @param headers the headers
 * @param body the body bytes
 * @param took the time from sending the request to having read the whole response
 */
record Reply(int status, HttpHeaders headers, byte[] body, Duration took) {

	String header(String name) {
		return this.headers.firstValue(name).orElse(null);
	}

	String contentType() {
		return header("Content-Type");
	}

	/**
	 * Whether the starter answered with a stored response.
	 */
	boolean replayed() {
		return "true".equals(header(PaymentsHttp.REPLAYED));
	}

	/**
	 * Whether the handler ran for this request and its answer was a created payment or
	 * refund.
	 */
	boolean executedCreated() {
		return this.status == 201 && !replayed();
	}

	String text() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	<T> T json(String path) {
		return JsonPath.read(text(), path);
	}

	/**
	 * The problem type of an {@code application/problem+json} answer, or {@code null}.
	 */
	String problemType() {
		String contentType = contentType();
		if (contentType == null || !contentType.startsWith("application/problem+json")) {
			return null;
		}
		try {
			return json("$.type");
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		String text = text();
		return this.status + " after " + this.took.toMillis() + " ms " + this.headers.map() + " "
				+ ((text.length() > 500) ? text.substring(0, 500) + "..." : text);
	}

}
