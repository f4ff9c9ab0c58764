package dev.idempotency.internal.fingerprint;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import dev.idempotency.fingerprint.FingerprintRequest;
import dev.idempotency.fingerprint.InvalidRequestBodyException;
import dev.idempotency.store.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The default fingerprint, SPEC section 3.
 */
class DefaultRequestFingerprinterTests {

	private static final String JSON = "application/json";

	private static final String FORM = "application/x-www-form-urlencoded";

	private final DefaultRequestFingerprinter fingerprinter = new DefaultRequestFingerprinter(List.of());

	// JSON bodies

	@Test
	void memberOrderDoesNotChangeIt() {
		assertSameJson("{\"a\":1,\"b\":2,\"c\":3}", "{\"c\":3,\"a\":1,\"b\":2}");
		assertSameJson("{\"a\":1,\"b\":2,\"c\":3}", "{\"b\":2,\"c\":3,\"a\":1}");
	}

	@Test
	void insignificantWhitespaceDoesNotChangeIt() {
		assertSameJson("{\"a\":[1,2],\"b\":{\"c\":null}}",
				" \r\n\t{ \"a\" : [ 1 ,\n2 ] ,\t\"b\" :{\"c\"\r\n:\nnull } }\n\n");
	}

	@Test
	void nestedObjectsAndArraysAreCanonicalized() {
		assertSameJson("{\"outer\":{\"x\":1,\"y\":[{\"p\":true,\"q\":false},{\"r\":{\"s\":\"t\",\"u\":\"v\"}}]},\"z\":0}",
				"{\"z\":0,\"outer\":{\"y\":[{\"q\":false,\"p\":true},{\"r\":{\"u\":\"v\",\"s\":\"t\"}}],\"x\":1}}");
	}

	@Test
	void memberOrderOfNonAsciiNamesDoesNotChangeIt() {
		assertSameJson("{\"\uFF21\":1,\"\uD83D\uDE00\":2,\"a\":3,\"A\":4,\"\":5}",
				"{\"\":5,\"A\":4,\"a\":3,\"\uD83D\uDE00\":2,\"\uFF21\":1}");
	}

	@Test
	void escapedAndLiteralFormsOfOneStringAreEqual() {
		assertSameJson("{\"a\":\"\\u0041\"}", "{\"a\":\"A\"}");
		assertSameJson("{\"a\":\"\\/\"}", "{\"a\":\"/\"}");
		assertSameJson("{\"a\":\"caf\\u00e9 \\uD83D\\uDE00\"}", "{\"a\":\"café \uD83D\uDE00\"}");
		assertSameJson("{\"a\":\"\\t\\n\\\"\"}", "{\"a\":\"\\u0009\\u000A\\u0022\"}");
		assertSameJson("{\"\\u0061\":1}", "{\"a\":1}");
	}

	@Test
	void differentStringsDiffer() {
		assertDifferentJson("{\"a\":\"A\"}", "{\"a\":\"a\"}");
		assertDifferentJson("{\"a\":\"\"}", "{\"a\":null}");
		assertDifferentJson("{\"a\":\"x\",\"b\":\"\"}", "{\"a\":\"\",\"b\":\"x\"}");
	}

	@ParameterizedTest(name = "{0} = {1}")
	@CsvSource(delimiter = '|', value = { "1.0|1", "1e2|100", "1E+2|100", "1e+2|100", "100e-2|1", "-0|0", "0.0|0",
			"-0.0|0", "0e10|0", "0.5|5e-1", "0.5|50e-2", "1.50|1.5", "1e007|1e7", "-1.0|-1", "12300|1.23e4",
			"123456789012345678901234567890|1.2345678901234567890123456789e29", "1e400|10e399",
			"1e-400|0.1e-399" })
	void equalNumbersAreEqual(String left, String right) {
		assertSameJson("{\"n\":" + left + "}", "{\"n\":" + right + "}");
		assertSameJson("[" + left + "]", "[" + right + "]");
	}

	@ParameterizedTest(name = "{0} != {1}")
	@CsvSource(delimiter = '|', value = { "9007199254740993|9007199254740992", "0.1|0.10000000000000001", "10|1",
			"1e400|1e401", "1|-1", "1.5|15", "100|1000", "1e2|1e-2", "0.01|0.001", "123|132",
			"1e99999999999999999999|1e99999999999999999998", "1e-99999999999999999999|1e-99999999999999999998",
			"1e9223372036854775807|1e9223372036854775806", "18446744073709551616|18446744073709551617" })
	void differentNumbersDiffer(String left, String right) {
		assertDifferentJson("{\"n\":" + left + "}", "{\"n\":" + right + "}");
	}

	@Test
	void numberDiffersFromTheStringOfItsDigits() {
		assertDifferentJson("{\"n\":1}", "{\"n\":\"1\"}");
		assertDifferentJson("[1]", "[\"1\"]");
		assertDifferentJson("{\"n\":true}", "{\"n\":\"true\"}");
		assertDifferentJson("{\"n\":null}", "{\"n\":\"null\"}");
	}

	@Test
	void literalsDiffer() {
		assertDifferentJson("[true]", "[false]");
		assertDifferentJson("[null]", "[false]");
		assertDifferentJson("[0]", "[false]");
		assertDifferentJson("[]", "{}");
		assertDifferentJson("[[]]", "[]");
		assertDifferentJson("[{}]", "[]");
	}

	@Test
	void arrayOrderMatters() {
		assertDifferentJson("{\"a\":[1,2,3]}", "{\"a\":[3,2,1]}");
		assertDifferentJson("[{\"a\":1},{\"b\":2}]", "[{\"b\":2},{\"a\":1}]");
	}

	@Test
	void structureIsPartOfIt() {
		assertDifferentJson("{\"a\":{\"b\":1}}", "{\"a\":{},\"b\":1}");
		assertDifferentJson("[[1,2],[3]]", "[[1],[2,3]]");
		assertDifferentJson("{\"ab\":\"c\"}", "{\"a\":\"bc\"}");
		assertDifferentJson("[\"a\",\"b\"]", "[\"ab\"]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":1,\"a\":2}", "{\"a\":1,\"a\":1}", "{\"b\":0,\"a\":1,\"a\":1}",
			"{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":1,\"\\u0061\":2}", "{\"\\u0061\":1,\"a\":2}", "{\"a/\":1,\"a\\/\":2}",
			"{\"x\":{\"b\":1,\"b\":1}}", "[{\"a\":1,\"a\":2}]", "{\"x\":[1,{\"y\":{\"c\":0,\"c\":0}}]}" })
	void duplicateMemberNamesAreRefused(String body) {
		assertThatExceptionOfType(InvalidRequestBodyException.class).isThrownBy(() -> fingerprint(JSON, body))
			.withMessageContaining("twice");
	}

	@Test
	void duplicateMemberNameIsAbbreviatedInTheMessage() {
		String name = "n".repeat(1000);
		assertThatExceptionOfType(InvalidRequestBodyException.class)
			.isThrownBy(() -> fingerprint(JSON, "{\"" + name + "\":1,\"" + name + "\":2}"))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(200).contains("n".repeat(40) + "…"));
	}

	@Test
	void sameNameInDifferentObjectsIsNotADuplicate() {
		assertThatNoException()
			.isThrownBy(() -> fingerprint(JSON, "{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}]}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":1", "{\"a\":}", "{a:1}", "{'a':1}", "[1,]", "{\"a\":01}", "{\"a\":NaN}",
			"{\"a\":1,}", "\"unterminated", "{\"a\":\"\\x\"}", "{\"a\":.5}", "{\"a\":1.}", "{\"a\":+1}", "tru",
			"// comment\n{}", "\u00ff\u00fe" })
	void malformedJsonIsHashedAsRawBytesWithoutAnException(String body) {
		assertThatNoException().isThrownBy(() -> fingerprint(JSON, body));
		assertThat(fingerprint(JSON, body)).isEqualTo(fingerprint(JSON, body));
		assertThat(fingerprint(JSON, body)).isNotEqualTo(fingerprint(JSON, body + " "));
	}

	@Test
	void differentMalformedBodiesDiffer() {
		assertDifferentJson("{\"amount\":1", "{\"amount\":2");
		assertDifferentJson("{\"a\":1,\"b\":2", "{\"b\":2,\"a\":1");
	}

	@Test
	void invalidUtf8IsHashedAsRawBytes() {
		byte[] one = { '{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}' };
		byte[] other = { '{', '"', 'a', '"', ':', '"', (byte) 0xFE, '"', '}' };
		assertThat(fingerprint(request(JSON), one)).isNotEqualTo(fingerprint(request(JSON), other));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":1} x", "{\"a\":1}{}", "{\"a\":1}]", "{\"a\":1} 2", "{\"a\":1},", "[1] [2]" })
	void trailingContentAfterAValueIsHashedAsRawBytes(String body) {
		assertThatNoException().isThrownBy(() -> fingerprint(JSON, body));
		// Raw, so whitespace counts.
		assertThat(fingerprint(JSON, body)).isNotEqualTo(fingerprint(JSON, " " + body));
	}

	@Test
	void trailingContentDiffersFromTheValueAlone() {
		assertDifferentJson("{\"a\":1}", "{\"a\":1}{}");
		assertDifferentJson("1", "1 2");
	}

	@Test
	void topLevelScalarsAreCanonicalized() {
		assertSameJson("1.0", " 1 ");
		assertSameJson("\"\\u0041\"", "\"A\"");
		assertSameJson("null", "\nnull\n");
	}

	@Test
	void whitespaceOnlyJsonBodyIsRawAndDiffersFromEmpty() {
		assertThatNoException().isThrownBy(() -> fingerprint(JSON, " "));
		assertDifferentJson(" ", "");
		assertDifferentJson(" ", "  ");
	}

	@Test
	void veryDeepNestingFallsBackToRawBytesWithoutOverflowingTheStack() {
		String deep = "[".repeat(200_000) + "]".repeat(200_000);
		String deepObjects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
		assertThatNoException().isThrownBy(() -> fingerprint(JSON, deep));
		assertThatNoException().isThrownBy(() -> fingerprint(JSON, deepObjects));
		assertThat(fingerprint(JSON, deep)).isNotEqualTo(fingerprint(JSON, deep + " "));
	}

	@Test
	void nestingUpToTheLimitIsCanonicalizedAndBeyondItIsRaw() {
		int limit = CanonicalJson.MAX_DEPTH;
		String atLimit = "[".repeat(limit) + "]".repeat(limit);
		String beyond = "[".repeat(limit + 1) + "]".repeat(limit + 1);
		assertSameJson(atLimit, atLimit + " ");
		assertDifferentJson(beyond, beyond + " ");
		String objectsAtLimit = "{\"b\":0,\"a\":".repeat(limit) + "1" + "}".repeat(limit);
		String objectsAtLimitSorted = "{\"a\":".repeat(limit) + "1" + ",\"b\":0}".repeat(limit);
		assertSameJson(objectsAtLimit, objectsAtLimitSorted);
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/merge-patch+json", "application/vnd.api+json", "application/problem+json",
			"application/json; charset=UTF-8", "APPLICATION/JSON", "Application/Vnd.Example+JSON" })
	void jsonMediaTypesAreCanonicalized(String contentType) {
		assertThat(fingerprint(contentType, "{\"a\":1,\"b\":2}"))
			.isEqualTo(fingerprint(contentType, "{ \"b\" : 2.0, \"a\" : 1 }"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "text/json", "application/octet-stream", "application/jsonx",
			"application/json-seq", "application/xml", "not a media type", "application/json; charset=nope" })
	void otherMediaTypesAreHashedAsRawBytes(String contentType) {
		assertThat(fingerprint(contentType, "{\"a\":1,\"b\":2}"))
			.isNotEqualTo(fingerprint(contentType, "{\"b\":2,\"a\":1}"));
		assertThatNoException().isThrownBy(() -> fingerprint(contentType, "{\"a\":1,\"a\":2}"));
	}

	@Test
	void missingContentTypeIsHashedAsRawBytes() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/payments");
		assertThat(fingerprint(request, utf8("{\"a\":1,\"b\":2}")))
			.isNotEqualTo(fingerprint(request, utf8("{\"b\":2,\"a\":1}")));
	}

	@Test
	void mediaTypeParametersAreIgnored() {
		String body = "{\"a\":1}";
		assertThat(fingerprint("application/json; charset=UTF-8", body)).isEqualTo(fingerprint(JSON, body))
			.isEqualTo(fingerprint("application/json;charset=utf-8", body))
			.isEqualTo(fingerprint("application/json; profile=\"x\"", body));
		assertThat(fingerprint("text/plain; charset=UTF-8", body)).isEqualTo(fingerprint("text/plain", body));
	}

	@Test
	void mediaTypeParametersDoNotChangeHowThePathIsRead() {
		MockHttpServletRequest plain = request("POST", "/caf%C3%A9", null, JSON);
		MockHttpServletRequest withCharset = request("POST", "/caf%C3%A9", null, "application/json;charset=UTF-8");
		assertThat(fingerprint(withCharset, utf8("{}"))).isEqualTo(fingerprint(plain, utf8("{}")));
	}

	@Test
	void mediaTypeIsPartOfIt() {
		assertThat(fingerprint(JSON, "{\"a\":1}")).isNotEqualTo(fingerprint("text/plain", "{\"a\":1}"))
			.isNotEqualTo(fingerprint("application/merge-patch+json", "{\"a\":1}"));
		assertThat(fingerprint("text/plain", "x")).isNotEqualTo(fingerprint("application/octet-stream", "x"));
	}

	@Test
	void mediaTypeCaseDoesNotChangeIt() {
		assertThat(fingerprint("Text/Plain", "x")).isEqualTo(fingerprint("text/plain", "x"));
	}

	@Test
	void emptyBodyDiffersFromEmptyObject() {
		assertDifferentJson("", "{}");
		assertDifferentJson("", "\"\"");
		assertThat(fingerprint("text/plain", "")).isNotEqualTo(fingerprint("text/plain", " "));
	}

	@Test
	void rawBodiesAreComparedByteForByte() {
		assertThat(fingerprint("text/plain", "abc")).isEqualTo(fingerprint("text/plain", "abc"))
			.isNotEqualTo(fingerprint("text/plain", "abd"))
			.isNotEqualTo(fingerprint("text/plain", "abc\n"));
	}

	// Form bodies

	@Test
	void formFieldsAreSortedByName() {
		assertSameForm("a=1&b=2", "b=2&a=1");
	}

	@Test
	void repeatedFormFieldsKeepTheirOrder() {
		assertSameForm("b=2&a=1&a=3", "a=1&b=2&a=3");
		assertDifferentForm("a=1&b=2&a=3", "a=3&b=2&a=1");
	}

	@Test
	void formFieldsAreDecoded() {
		assertSameForm("a=x+y", "a=x%20y");
		assertSameForm("%61=1", "a=1");
		assertSameForm("a=%C3%A9", "a=%c3%a9");
		assertSameForm("a=caf%C3%A9", "a=" + "café");
		assertSameForm("a=1&&b=2&", "a=1&b=2");
		assertDifferentForm("a=1", "a=2");
		assertDifferentForm("a=1&b=2", "a=1");
		assertDifferentForm("a%3D1=2", "a=1%3D2");
		assertDifferentForm("a=1%262", "a=1&2");
	}

	@Test
	void formCharsetIsHonoured() {
		assertThat(fingerprint(FORM + "; charset=ISO-8859-1", "a=%E9"))
			.isEqualTo(fingerprint(FORM + "; charset=ISO-8859-1", "a=\u00E9".getBytes(StandardCharsets.ISO_8859_1)));
	}

	@Test
	void malformedFormIsHashedAsRawBytesWithoutAnException() {
		assertThatNoException().isThrownBy(() -> fingerprint(FORM, "a=%zz"));
		assertThat(fingerprint(FORM, "a=%zz&b=1")).isNotEqualTo(fingerprint(FORM, "b=1&a=%zz"));
		assertThat(fingerprint(FORM, "a=%")).isNotEqualTo(fingerprint(FORM, "a=%2"));
	}

	@Test
	void formDiffersFromTheSameBytesAsText() {
		assertThat(fingerprint(FORM, "a=1")).isNotEqualTo(fingerprint("text/plain", "a=1"));
	}

	// The request line

	@Test
	void queryParametersAreSortedByName() {
		assertSameQuery("a=1&b=2", "b=2&a=1");
	}

	@Test
	void repeatedQueryParametersKeepTheirOrder() {
		assertSameQuery("b=2&a=1&a=3", "a=1&b=2&a=3");
		assertDifferentQuery("a=1&b=2&a=3", "a=3&b=2&a=1");
	}

	@Test
	void queryParametersAreDecoded() {
		assertSameQuery("a=x+y", "a=x%20y");
		assertSameQuery("%61=1", "a=1");
		assertSameQuery("a=%C3%A9", "a=%c3%a9");
		assertDifferentQuery("a=1", "a=2");
		assertDifferentQuery("a=1", null);
		assertDifferentQuery("a%3D1=2", "a=1%3D2");
	}

	@Test
	void undecodableQueryIsComparedAsSent() {
		assertThatNoException().isThrownBy(() -> fingerprint(request("POST", "/payments", "a=%zz", JSON), utf8("{}")));
		assertDifferentQuery("a=%zz", "a=%zy");
		assertDifferentQuery("a=%zz&b=1", "b=1&a=%zz");
	}

	@Test
	void undecodableQueryNeverMeetsADecodedOne() {
		// "a%25zz" decodes to the name "a%zz": the very text of the undecodable query.
		assertDifferentQuery("a%zz", "a%25zz");
		assertDifferentQuery("x=%zz", "x%3D%25zz");
	}

	@Test
	void queryDiffersFromTheSameFieldsInTheBody() {
		assertThat(fingerprint(request("POST", "/payments", "a=1", FORM), utf8("")))
			.isNotEqualTo(fingerprint(request("POST", "/payments", null, FORM), utf8("a=1")));
	}

	@Test
	void methodIsPartOfIt() {
		assertThat(fingerprint(request("POST", "/payments", null, JSON), utf8("{}")))
			.isNotEqualTo(fingerprint(request("PATCH", "/payments", null, JSON), utf8("{}")));
	}

	@Test
	void routePatternIsPartOfIt() {
		MockHttpServletRequest request = request("POST", "/payments/1", null, JSON);
		assertThat(fingerprint(request, "/payments/{id}", utf8("{}"), List.of()))
			.isNotEqualTo(fingerprint(request, "/payments/{paymentId}", utf8("{}"), List.of()))
			.isNotEqualTo(fingerprint(request, null, utf8("{}"), List.of()));
	}

	@Test
	void concretePathIsPartOfIt() {
		assertThat(fingerprint(request("POST", "/payments/1", null, JSON), "/payments/{id}", utf8("{}"), List.of()))
			.isNotEqualTo(fingerprint(request("POST", "/payments/2", null, JSON), "/payments/{id}", utf8("{}"),
					List.of()));
	}

	@Test
	void pathIsTakenWithinTheApplication() {
		MockHttpServletRequest inContext = request("POST", "/shop/payments", null, JSON);
		inContext.setContextPath("/shop");
		assertThat(fingerprint(inContext, utf8("{}")))
			.isEqualTo(fingerprint(request("POST", "/payments", null, JSON), utf8("{}")));
	}

	@Test
	void matrixVariablesInThePathArePartOfIt() {
		// With @MatrixVariable, /items/1;qty=1 and /items/1;qty=100 are different requests.
		assertThat(fingerprint(request("POST", "/items/1;qty=1", null, JSON), "/items/{id}", utf8("{}"), List.of()))
			.isNotEqualTo(fingerprint(request("POST", "/items/1;qty=100", null, JSON), "/items/{id}", utf8("{}"),
					List.of()));
	}

	@Test
	void pathIsComparedAsSentNotAsDecoded() {
		// Decoded as UTF-8, both bytes would become U+FFFD.
		String json = "application/json;charset=UTF-8";
		assertThat(fingerprint(request("POST", "/items/%FF", null, json), "/items/{id}", utf8("{}"), List.of()))
			.isNotEqualTo(fingerprint(request("POST", "/items/%FE", null, json), "/items/{id}", utf8("{}"),
					List.of()));
	}

	// Configured headers

	@Test
	void configuredHeadersArePartOfIt() {
		DefaultRequestFingerprinter withTenant = new DefaultRequestFingerprinter(List.of("X-Tenant"));
		assertThat(fingerprint(withTenant, (request) -> request.addHeader("X-Tenant", "a")))
			.isNotEqualTo(fingerprint(withTenant, (request) -> request.addHeader("X-Tenant", "b")))
			.isNotEqualTo(fingerprint(withTenant, (request) -> {
			}))
			.isNotEqualTo(fingerprint(withTenant, (request) -> request.addHeader("X-Tenant", "")));
	}

	@Test
	void repeatedConfiguredHeaderValuesKeepTheirOrder() {
		DefaultRequestFingerprinter withTenant = new DefaultRequestFingerprinter(List.of("X-Tenant"));
		assertThat(fingerprint(withTenant, (request) -> {
			request.addHeader("X-Tenant", "a");
			request.addHeader("X-Tenant", "b");
		})).isNotEqualTo(fingerprint(withTenant, (request) -> {
			request.addHeader("X-Tenant", "b");
			request.addHeader("X-Tenant", "a");
		})).isNotEqualTo(fingerprint(withTenant, (request) -> request.addHeader("X-Tenant", "ab")));
	}

	@Test
	void otherHeadersAreNotPartOfIt() {
		assertThat(fingerprint(this.fingerprinter, (request) -> request.addHeader("X-Tenant", "a")))
			.isEqualTo(fingerprint(this.fingerprinter, (request) -> request.addHeader("X-Tenant", "b")));
		assertThat(fingerprint(this.fingerprinter, (request) -> request.addHeader("Idempotency-Key", "a")))
			.isEqualTo(fingerprint(this.fingerprinter, (request) -> request.addHeader("Idempotency-Key", "b")));
	}

	@Test
	void configuredHeaderNamesAreCaseInsensitive() {
		DefaultRequestFingerprinter upper = new DefaultRequestFingerprinter(List.of("X-Tenant"));
		DefaultRequestFingerprinter lower = new DefaultRequestFingerprinter(List.of("x-tenant"));
		assertThat(fingerprint(upper, (request) -> request.addHeader("x-TENANT", "a")))
			.isEqualTo(fingerprint(lower, (request) -> request.addHeader("X-Tenant", "a")));
	}

	@Test
	void orderOfConfiguredHeaderNamesDoesNotMatter() {
		DefaultRequestFingerprinter ab = new DefaultRequestFingerprinter(List.of("X-A", "X-B"));
		DefaultRequestFingerprinter ba = new DefaultRequestFingerprinter(List.of("X-B", "X-A"));
		Consumer<MockHttpServletRequest> headers = (request) -> {
			request.addHeader("X-A", "1");
			request.addHeader("X-B", "2");
		};
		assertThat(fingerprint(ab, headers)).isEqualTo(fingerprint(ba, headers));
	}

	@Test
	void valuesOfDifferentConfiguredHeadersDoNotMeet() {
		DefaultRequestFingerprinter fingerprinter = new DefaultRequestFingerprinter(List.of("X-A", "X-B"));
		assertThat(fingerprint(fingerprinter, (request) -> request.addHeader("X-A", "1")))
			.isNotEqualTo(fingerprint(fingerprinter, (request) -> request.addHeader("X-B", "1")));
	}

	// Ignored JSON Pointers

	@Test
	void ignoredTopLevelMemberIsLeftOut() {
		List<String> ignored = List.of("/sentAt");
		assertThat(ignoring(ignored, "{\"amount\":1,\"sentAt\":\"2026-01-01\"}"))
			.isEqualTo(ignoring(ignored, "{\"sentAt\":\"2026-01-02\",\"amount\":1}"))
			.isEqualTo(ignoring(ignored, "{\"amount\":1}"))
			.isEqualTo(ignoring(ignored, "{\"amount\":1,\"sentAt\":{\"deep\":[1,2,{\"x\":3}]}}"))
			.isNotEqualTo(ignoring(ignored, "{\"amount\":2,\"sentAt\":\"2026-01-01\"}"));
	}

	@Test
	void ignoredNestedMemberIsLeftOutAndItsSiblingsCount() {
		List<String> ignored = List.of("/meta/ts");
		assertThat(ignoring(ignored, "{\"meta\":{\"ts\":1,\"id\":\"x\"}}"))
			.isEqualTo(ignoring(ignored, "{\"meta\":{\"ts\":2,\"id\":\"x\"}}"))
			.isEqualTo(ignoring(ignored, "{\"meta\":{\"id\":\"x\"}}"))
			.isNotEqualTo(ignoring(ignored, "{\"meta\":{\"ts\":1,\"id\":\"y\"}}"));
	}

	@Test
	void ignoredPointerMatchesOnlyItsOwnLocation() {
		List<String> ignored = List.of("/meta/ts");
		assertThat(ignoring(ignored, "{\"ts\":1,\"meta\":{}}")).isNotEqualTo(ignoring(ignored, "{\"ts\":2,\"meta\":{}}"));
		assertThat(ignoring(ignored, "{\"other\":{\"ts\":1}}"))
			.isNotEqualTo(ignoring(ignored, "{\"other\":{\"ts\":2}}"));
		assertThat(ignoring(ignored, "{\"meta\":{\"x\":{\"ts\":1}}}"))
			.isNotEqualTo(ignoring(ignored, "{\"meta\":{\"x\":{\"ts\":2}}}"));
		assertThat(ignoring(List.of("/sentAt"), "{\"meta\":{\"sentAt\":1}}"))
			.isNotEqualTo(ignoring(List.of("/sentAt"), "{\"meta\":{\"sentAt\":2}}"));
	}

	@Test
	void ignoredPointerWithArrayIndexMatchesOnlyThatElement() {
		List<String> ignored = List.of("/items/0/ts");
		assertThat(ignoring(ignored, "{\"items\":[{\"ts\":1,\"q\":1},{\"ts\":1,\"q\":2}]}"))
			.isEqualTo(ignoring(ignored, "{\"items\":[{\"ts\":9,\"q\":1},{\"ts\":1,\"q\":2}]}"))
			.isNotEqualTo(ignoring(ignored, "{\"items\":[{\"ts\":1,\"q\":1},{\"ts\":9,\"q\":2}]}"));
	}

	@Test
	void ignoredArrayElementIsLeftOut() {
		List<String> ignored = List.of("/items/1");
		assertThat(ignoring(ignored, "{\"items\":[1,2,3]}")).isEqualTo(ignoring(ignored, "{\"items\":[1,{\"x\":0},3]}"))
			.isNotEqualTo(ignoring(ignored, "{\"items\":[1,2,4]}"));
	}

	@Test
	void ignoredPointerEscapesAreDecoded() {
		assertThat(ignoring(List.of("/a~1b"), "{\"a/b\":1,\"c\":1}"))
			.isEqualTo(ignoring(List.of("/a~1b"), "{\"a/b\":2,\"c\":1}"));
		assertThat(ignoring(List.of("/a~0b"), "{\"a~b\":1,\"c\":1}"))
			.isEqualTo(ignoring(List.of("/a~0b"), "{\"a~b\":2,\"c\":1}"));
		assertThat(ignoring(List.of("/~01"), "{\"~1\":1}")).isEqualTo(ignoring(List.of("/~01"), "{\"~1\":2}"));
		// "~1" means "/", never the member literally named "~1".
		assertThat(ignoring(List.of("/a~1b"), "{\"a~1b\":1}")).isNotEqualTo(ignoring(List.of("/a~1b"), "{\"a~1b\":2}"));
	}

	@Test
	void ignoredPointerMatchesEscapedMemberNames() {
		assertThat(ignoring(List.of("/sentAt"), "{\"sent\\u0041t\":1,\"a\":1}"))
			.isEqualTo(ignoring(List.of("/sentAt"), "{\"a\":1}"));
	}

	@Test
	void ignoredPointerToTheEmptyNameMatchesOnlyIt() {
		assertThat(ignoring(List.of("/"), "{\"\":1,\"a\":1}")).isEqualTo(ignoring(List.of("/"), "{\"a\":1}"))
			.isNotEqualTo(ignoring(List.of("/"), "{\"a\":2}"));
	}

	@Test
	void severalIgnoredPointersAllApply() {
		List<String> ignored = List.of("/sentAt", "/meta/ts");
		assertThat(ignoring(ignored, "{\"sentAt\":1,\"meta\":{\"ts\":1},\"a\":1}"))
			.isEqualTo(ignoring(ignored, "{\"sentAt\":2,\"meta\":{\"ts\":2},\"a\":1}"));
	}

	@Test
	void ignoredPointersDoNotApplyToOtherEndpoints() {
		assertThat(ignoring(List.of(), "{\"sentAt\":1}")).isNotEqualTo(ignoring(List.of(), "{\"sentAt\":2}"));
	}

	@Test
	void ignoringEveryMemberLeavesAnEmptyObject() {
		assertThat(ignoring(List.of("/sentAt"), "{\"sentAt\":1}")).isEqualTo(ignoring(List.of("/sentAt"), "{}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sentAt", "", "a/b", "/a~2", "/a~", "/~", "/a/~x/b", "#/a" })
	void invalidPointersAreRefused(String pointer) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DefaultRequestFingerprinter.validatePointers(List.of("/ok", pointer)))
			.withMessageContaining(pointer);
		assertThatIllegalArgumentException().isThrownBy(() -> ignoring(List.of(pointer), "{}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/a", "/a/0", "/a~0b", "/a~1b", "/~01", "//", "/a b", "/\u00E9" })
	void validPointersAreAccepted(String pointer) {
		assertThatNoException().isThrownBy(() -> DefaultRequestFingerprinter.validatePointers(List.of(pointer)));
	}

	// The value

	@Test
	void algorithmIdIsV1Sha256() {
		assertThat(DefaultRequestFingerprinter.ALGORITHM).isEqualTo("v1-sha256");
		assertThat(this.fingerprinter.fingerprint(new FingerprintRequest(request(JSON), "/payments", utf8("{}"), List.of()))
			.algorithm()).isEqualTo("v1-sha256");
	}

	@Test
	void valueIs64LowercaseHexCharacters() {
		assertThat(fingerprint(JSON, "{}")).matches("[0-9a-f]{64}");
		assertThat(fingerprint("text/plain", "")).matches("[0-9a-f]{64}");
	}

	@Test
	void sameRequestGivesTheSameValue() {
		assertThat(new DefaultRequestFingerprinter(List.of()).fingerprint(
				new FingerprintRequest(request(JSON), "/payments", utf8("{\"a\":1}"), List.of())))
			.isEqualTo(this.fingerprinter
				.fingerprint(new FingerprintRequest(request(JSON), "/payments", utf8("{\"a\":1}"), List.of())));
	}

	@Test
	void bodyIsNotModified() {
		byte[] body = utf8("{\"b\":1,\"a\":2}");
		byte[] copy = body.clone();
		fingerprint(request(JSON), body);
		assertThat(body).isEqualTo(copy);
	}

	@Test
	void goldenValue() {
		// Pinned: records stored with algorithm v1-sha256 must keep matching their retries.
		// If this value changes, the algorithm changed, and it needs a new algorithm id
		// (DefaultRequestFingerprinter.ALGORITHM), not a new value here.
		DefaultRequestFingerprinter fingerprinter = new DefaultRequestFingerprinter(List.of("X-Tenant"));
		MockHttpServletRequest request = request("POST", "/payments/42/refunds", "b=2&a=1&a=%C3%A9",
				"application/json; charset=UTF-8");
		request.addHeader("X-Tenant", "acme");
		byte[] body = utf8("{\"currency\":\"EUR\",\"amount\":10.50,\"sentAt\":\"2026-01-01T00:00:00Z\","
				+ "\"items\":[1,2.0,{\"z\":null,\"y\":true,\"x\":false},\"caf\\u00e9\"]}");
		Fingerprint fingerprint = fingerprinter
			.fingerprint(new FingerprintRequest(request, "/payments/{id}/refunds", body, List.of("/sentAt")));
		assertThat(fingerprint.algorithm()).isEqualTo("v1-sha256");
		assertThat(fingerprint.value()).isEqualTo("77bdddae46b36907a4d626606872a47527349a0bc47389ee9b6cfa0b8443489f");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"application/octet-stream|\u00e9t\u00e9 raw bytes|ffb0baf54bfcad1bae3b0bb38c1dada75b931266afdd7daddf445ea4edca92ee",
			"application/x-www-form-urlencoded|b=2&a=1&a=%C3%A9|638a91c7aab525c9dd0d2aacd5895c5e9dbfec6fb1ef5b3d0c8bcd82c7c45051",
			"application/json|{\"b\":[1,2.50],\"a\":\"x\"}|3a2f2c3ee336dc7d8703864da64ffeded43796e7d6b4c328fe79eb73cbd167e8",
			"application/json|{\"b\":1,|12029aa77bef945813c59e648bd4b3b4607c008793fd63575ee507e41cd0c7bc",
			"text/plain||68caaae849e386341cf069e17bbee533dbbe8b265920b84b738561348b90cf9b" })
	void goldenValuesOfEachBodyKind(String contentType, String body, String expected) {
		// Pinned like goldenValue: each kind of body reaches the digest its own way.
		byte[] bytes = (body != null) ? utf8(body) : new byte[0];
		assertThat(fingerprint(request("POST", "/payments", "b=2&a=1", contentType), bytes)).isEqualTo(expected);
	}

	// Helpers

	private void assertSameJson(String left, String right) {
		assertThat(fingerprint(JSON, left)).as("%s = %s", left, right).isEqualTo(fingerprint(JSON, right));
	}

	private void assertDifferentJson(String left, String right) {
		assertThat(fingerprint(JSON, left)).as("%s != %s", left, right).isNotEqualTo(fingerprint(JSON, right));
	}

	private void assertSameForm(String left, String right) {
		assertThat(fingerprint(FORM, left)).as("%s = %s", left, right).isEqualTo(fingerprint(FORM, right));
	}

	private void assertDifferentForm(String left, String right) {
		assertThat(fingerprint(FORM, left)).as("%s != %s", left, right).isNotEqualTo(fingerprint(FORM, right));
	}

	private void assertSameQuery(String left, String right) {
		assertThat(queryFingerprint(left)).as("?%s = ?%s", left, right).isEqualTo(queryFingerprint(right));
	}

	private void assertDifferentQuery(String left, String right) {
		assertThat(queryFingerprint(left)).as("?%s != ?%s", left, right).isNotEqualTo(queryFingerprint(right));
	}

	private String queryFingerprint(String query) {
		return fingerprint(request("POST", "/payments", query, JSON), utf8("{}"));
	}

	private String ignoring(List<String> pointers, String body) {
		return fingerprint(request(JSON), "/payments", utf8(body), pointers);
	}

	private String fingerprint(String contentType, String body) {
		return fingerprint(contentType, utf8(body));
	}

	private String fingerprint(String contentType, byte[] body) {
		return fingerprint(request(contentType), body);
	}

	private String fingerprint(MockHttpServletRequest request, byte[] body) {
		return fingerprint(request, "/payments", body, List.of());
	}

	private String fingerprint(MockHttpServletRequest request, String routePattern, byte[] body,
			List<String> ignoredPointers) {
		return this.fingerprinter.fingerprint(new FingerprintRequest(request, routePattern, body, ignoredPointers))
			.value();
	}

	private static String fingerprint(DefaultRequestFingerprinter fingerprinter,
			Consumer<MockHttpServletRequest> headers) {
		MockHttpServletRequest request = request(JSON);
		headers.accept(request);
		return fingerprinter.fingerprint(new FingerprintRequest(request, "/payments", utf8("{}"), List.of())).value();
	}

	private static MockHttpServletRequest request(String contentType) {
		return request("POST", "/payments", null, contentType);
	}

	private static MockHttpServletRequest request(String method, String path, String query, String contentType) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setQueryString(query);
		if (contentType != null) {
			request.addHeader("Content-Type", contentType);
		}
		return request;
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
