package dev.idempotency.internal.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.idempotency.store.StoredResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes a stored response to a retry: the stored status and headers, the body byte for
 * byte, and {@code Idempotent-Replayed: true}.
 */
final class Replay {

	private Replay() {
	}

	static void write(StoredResponse stored, HttpServletResponse response, ResponseHeaders responseHeaders)
			throws IOException {
		response.setStatus(stored.status());
		for (Map.Entry<String, List<String>> header : stored.headers().entrySet()) {
			String name = header.getKey();
			if (!responseHeaders.isStorable(name)) {
				continue;
			}
			boolean first = true;
			for (String value : header.getValue()) {
				if (first) {
					response.setHeader(name, value);
					first = false;
				}
				else {
					response.addHeader(name, value);
				}
			}
		}
		response.setHeader(ResponseHeaders.REPLAYED, "true");
		switch (stored.bodyMode()) {
			case STORED -> {
				response.setContentLength(stored.bodyLength());
				if (stored.bodyLength() > 0) {
					stored.writeBodyTo(response.getOutputStream());
				}
			}
			case TOO_LARGE -> response.setContentLength(0);
			case ERROR_PAGE -> response.sendError(stored.status());
		}
	}

}
