package dev.idempotency.internal.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's problem responses (RFC 9457).
 */
class ProblemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/payments");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@ParameterizedTest
	@EnumSource(Problem.class)
	void writesAProblemDocument(Problem problem) throws Exception {
		problem.write(this.request, this.response, "Because.", 0);
		assertThat(this.response.getStatus()).isEqualTo(problem.status());
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json");
		assertThat(this.response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(this.response.containsHeader("Retry-After")).isFalse();
		Map<String, Object> body = body();
		assertThat(body).containsOnlyKeys("type", "title", "status", "detail", "instance");
		assertThat(body).containsEntry("type", problem.type())
			.containsEntry("status", problem.status())
			.containsEntry("detail", "Because.")
			.containsEntry("instance", "/payments");
		assertThat((String) body.get("title")).isNotBlank();
		assertThat(problem.type()).startsWith(Problem.TYPE_BASE);
		assertThat(this.response.getContentLength()).isEqualTo(this.response.getContentAsByteArray().length);
	}

	@Test
	void typesAreDistinct() {
		assertThat(java.util.Arrays.stream(Problem.values()).map(Problem::type)).doesNotHaveDuplicates();
	}

	@Test
	void statusesAreThoseOfTheSpec() {
		assertThat(Problem.KEY_MISSING.status()).isEqualTo(400);
		assertThat(Problem.KEY_MALFORMED.status()).isEqualTo(400);
		assertThat(Problem.BODY_TOO_LARGE.status()).isEqualTo(413);
		assertThat(Problem.BODY_INVALID.status()).isEqualTo(400);
		assertThat(Problem.KEY_REUSED.status()).isEqualTo(422);
		assertThat(Problem.REQUEST_IN_PROGRESS.status()).isEqualTo(409);
		assertThat(Problem.STORE_UNAVAILABLE.status()).isEqualTo(503);
	}

	@Test
	void retryAfterIsSentOnlyWhenGiven() throws Exception {
		Problem.REQUEST_IN_PROGRESS.write(this.request, this.response, "Wait.", 7);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("7");
		MockHttpServletResponse without = new MockHttpServletResponse();
		Problem.REQUEST_IN_PROGRESS.write(this.request, without, "Wait.", 0);
		assertThat(without.containsHeader("Retry-After")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a \"quoted\" word", "back\\slash", "line\nbreak", "carriage\rreturn", "tab\there",
			"\u0000\u0001\u001f", "\u007f", "\u2028\u2029", "café \uD83D\uDE00", "</script>", "{\"json\":true}", "" })
	void escapesTheDetail(String detail) throws Exception {
		Problem.KEY_MALFORMED.write(this.request, this.response, detail, 0);
		assertThat(body()).containsEntry("detail", detail);
	}

	@Test
	void escapesTheInstance() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/pay\"ments\\x");
		Problem.KEY_MISSING.write(request, this.response, "d", 0);
		assertThat(body()).containsEntry("instance", "/pay\"ments\\x");
	}

	@Test
	void escapesControlCharactersAsJsonEscapes() throws Exception {
		Problem.KEY_MALFORMED.write(this.request, this.response, "a\u0001b\nc", 0);
		assertThat(this.response.getContentAsString(StandardCharsets.UTF_8)).contains("a\\u0001b\\nc");
	}

	@Test
	void writesUtf8() throws Exception {
		Problem.KEY_MALFORMED.write(this.request, this.response, "é", 0);
		assertThat(this.response.getContentAsByteArray()).containsSequence(0xC3, 0xA9);
	}

	@Test
	void replacesWhatWasBufferedBefore() throws Exception {
		this.response.getOutputStream().write("partial".getBytes(StandardCharsets.UTF_8));
		Problem.KEY_REUSED.write(this.request, this.response, "d", 0);
		assertThat(this.response.getContentAsString()).startsWith("{\"type\":");
		assertThat(body()).containsEntry("status", 422);
	}

	@Test
	void keepsHeadersOthersSetBefore() throws Exception {
		this.response.setHeader("Access-Control-Allow-Origin", "*");
		Problem.KEY_REUSED.write(this.request, this.response, "d", 0);
		assertThat(this.response.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
	}

	@Test
	void leavesOutAMissingDetail() throws Exception {
		Problem.BODY_INVALID.write(this.request, this.response, null, 0);
		assertThat(body()).doesNotContainKey("detail").containsEntry("status", 400);
	}

	private Map<String, Object> body() {
		return JSON.readValue(this.response.getContentAsByteArray(), new TypeReference<Map<String, Object>>() {
		});
	}

}
