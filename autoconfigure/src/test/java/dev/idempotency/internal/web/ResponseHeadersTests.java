package dev.idempotency.internal.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which response headers are stored and replayed.
 */
class ResponseHeadersTests {

	private final ResponseHeaders headers = new ResponseHeaders(List.of());

	@ParameterizedTest
	@ValueSource(strings = { "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
			"Proxy-Connection", "TE", "Trailer", "Trailers", "Transfer-Encoding", "Upgrade", "Set-Cookie", "Set-Cookie2",
			"Date", "Content-Length", "Idempotent-Replayed" })
	void neverStoresHopByHopCookiesDateLengthOrTheReplayMarker(String name) {
		assertThat(this.headers.isStorable(name)).isFalse();
		assertThat(this.headers.isStorable(name.toLowerCase())).isFalse();
		assertThat(this.headers.isStorable(name.toUpperCase())).isFalse();
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.addHeader(name, switch (name) {
			case "Set-Cookie" -> "a=b";
			case "Content-Length" -> "1";
			default -> "x";
		});
		response.addHeader("X-Kept", "y");
		assertThat(this.headers.storable(response)).containsOnlyKeys("X-Kept");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Content-Type", "Location", "ETag", "Cache-Control", "Vary", "Link", "X-Request-Id",
			"Retry-After", "Content-Language" })
	void storesEndToEndHeaders(String name) {
		assertThat(this.headers.isStorable(name)).isTrue();
	}

	@Test
	void storesEveryValueInOrder() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.addHeader("Link", "<a>");
		response.addHeader("Link", "<b>");
		response.setHeader("Location", "/payments/1");
		assertThat(this.headers.storable(response)).containsExactly(Map.entry("Link", List.of("<a>", "<b>")),
				Map.entry("Location", List.of("/payments/1")));
	}

	@Test
	void leavesOutConfiguredHeadersWhateverTheirCase() {
		ResponseHeaders headers = new ResponseHeaders(List.of("X-Trace-Id", "server"));
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.addHeader("x-trace-id", "1");
		response.addHeader("Server", "s");
		response.addHeader("X-Kept", "y");
		assertThat(headers.storable(response)).containsOnlyKeys("X-Kept");
		assertThat(headers.isStorable("X-TRACE-ID")).isFalse();
		assertThat(headers.isStorable("Date")).isFalse();
	}

	@Test
	void storesTheContentTypeOnce() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setContentType("application/json");
		assertThat(this.headers.storable(response)).hasSize(1)
			.hasEntrySatisfying("Content-Type", (values) -> assertThat(values).containsExactly("application/json"));
	}

	@Test
	void storesTheContentTypeAContainerKeepsApartFromItsHeaders() {
		MockHttpServletResponse mock = new MockHttpServletResponse();
		mock.setContentType("text/plain;charset=UTF-8");
		mock.addHeader("X-Kept", "y");
		// As Tomcat does: the content type is not among the header names.
		HttpServletResponseWrapper response = new HttpServletResponseWrapper(mock) {

			@Override
			public java.util.Collection<String> getHeaderNames() {
				List<String> names = new ArrayList<>(super.getHeaderNames());
				names.removeIf("Content-Type"::equalsIgnoreCase);
				return names;
			}

		};
		assertThat(this.headers.storable(response)).containsExactly(Map.entry("X-Kept", List.of("y")),
				Map.entry("Content-Type", List.of("text/plain;charset=UTF-8")));
	}

	@Test
	void noHeadersStoreNothing() {
		assertThat(this.headers.storable(new MockHttpServletResponse())).isEmpty();
	}

	@Test
	void dropsHeadersNamedAsConnectionOptions() {
		Map<String, List<String>> stored = new LinkedHashMap<>();
		stored.put("X-Hop", List.of("1"));
		stored.put("X-Other-Hop", List.of("2"));
		stored.put("X-Kept", List.of("3"));
		ResponseHeaders.dropConnectionOptions(List.of("close, x-hop", " X-OTHER-HOP "), stored);
		assertThat(stored).containsOnlyKeys("X-Kept");
	}

	@Test
	void connectionOptionsOfNoHeaderChangeNothing() {
		Map<String, List<String>> stored = new LinkedHashMap<>();
		stored.put("X-Kept", List.of("3"));
		ResponseHeaders.dropConnectionOptions(List.of(), stored);
		ResponseHeaders.dropConnectionOptions(List.of("close", "", ","), stored);
		assertThat(stored).containsOnlyKeys("X-Kept");
	}

}
