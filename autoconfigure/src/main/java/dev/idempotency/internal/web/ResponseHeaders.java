package dev.idempotency.internal.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Decides which response headers are stored and replayed: never hop-by-hop headers,
 * cookies, {@code Date} or {@code Content-Length} (recomputed), nor the configured
 * exclusions.
 */
final class ResponseHeaders {

	static final String REPLAYED = "Idempotent-Replayed";

	private static final Set<String> NEVER_STORED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade",
			"set-cookie", "set-cookie2", "date", "content-length", "idempotent-replayed");

	private final Set<String> excluded;

	ResponseHeaders(Collection<String> excludedHeaders) {
		Set<String> names = new TreeSet<>(NEVER_STORED);
		excludedHeaders.forEach((name) -> names.add(name.toLowerCase(Locale.ROOT)));
		this.excluded = Set.copyOf(names);
	}

	Map<String, List<String>> storable(HttpServletResponse response) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : response.getHeaderNames()) {
			if (isStorable(name) && !headers.containsKey(name)) {
				List<String> values = new ArrayList<>(response.getHeaders(name));
				if (!values.isEmpty()) {
					headers.put(name, values);
				}
			}
		}
		// The container keeps the content type apart from the other headers.
		String contentType = response.getContentType();
		if (contentType != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
			headers.put("Content-Type", List.of(contentType));
		}
		return headers;
	}

	boolean isStorable(String name) {
		return !this.excluded.contains(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Also drops any connection-specific header named in a {@code Connection} header.
	 * @param connectionValues values of the response's {@code Connection} header
	 * @param headers the headers to filter in place
	 */
	static void dropConnectionOptions(Collection<String> connectionValues, Map<String, List<String>> headers) {
		for (String value : connectionValues) {
			for (String option : value.split(",")) {
				String name = option.trim();
				headers.keySet().removeIf(name::equalsIgnoreCase);
			}
		}
	}

}
