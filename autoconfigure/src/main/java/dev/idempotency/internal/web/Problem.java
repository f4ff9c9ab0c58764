package dev.idempotency.internal.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The problem responses (RFC 9457) the starter answers with. Each has a stable
 * {@code type} URI, documented in {@code docs/behaviour.md}.
 */
enum Problem {

	KEY_MISSING(400, "key-missing", "Idempotency-Key header required"),

	KEY_MALFORMED(400, "key-malformed", "Malformed Idempotency-Key header"),

	BODY_TOO_LARGE(413, "request-body-too-large", "Request body too large"),

	BODY_INVALID(400, "request-body-invalid", "Request body not acceptable"),

	KEY_REUSED(422, "key-reused", "Idempotency-Key reused with a different request"),

	REQUEST_IN_PROGRESS(409, "request-in-progress", "A request with this Idempotency-Key is in progress"),

	LEASE_LOST(409, "lease-lost", "This attempt lost its claim on the Idempotency-Key"),

	STORE_UNAVAILABLE(503, "store-unavailable", "Idempotency store unavailable");

	/** Prefix of every problem type URI. */
	static final String TYPE_BASE = "https://idempotency.dev/problems/";

	private final int status;

	private final String type;

	private final String title;

	Problem(int status, String name, String title) {
		this.status = status;
		this.type = TYPE_BASE + name;
		this.title = title;
	}

	int status() {
		return this.status;
	}

	String type() {
		return this.type;
	}

	/**
	 * Write this problem as the response.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param detail the human-readable explanation, or {@code null} for none
	 * @param retryAfterSeconds the {@code Retry-After} value, or {@code 0} for none
	 * @throws IOException if writing fails
	 */
	void write(HttpServletRequest request, HttpServletResponse response, String detail, long retryAfterSeconds)
			throws IOException {
		response.resetBuffer();
		response.setStatus(this.status);
		response.setContentType("application/problem+json");
		response.setHeader("Cache-Control", "no-store");
		if (retryAfterSeconds > 0) {
			response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		}
		StringBuilder json = new StringBuilder(256);
		json.append("{\"type\":");
		quote(json, this.type);
		json.append(",\"title\":");
		quote(json, this.title);
		json.append(",\"status\":").append(this.status);
		if (detail != null) {
			json.append(",\"detail\":");
			quote(json, detail);
		}
		json.append(",\"instance\":");
		quote(json, request.getRequestURI());
		json.append('}');
		byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
		response.setContentLength(bytes.length);
		// Not flushed: the container sends it when the filter returns, after the outcome
		// has been recorded.
		response.getOutputStream().write(bytes);
	}

	private static void quote(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
