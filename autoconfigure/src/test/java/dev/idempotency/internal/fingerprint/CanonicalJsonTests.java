package dev.idempotency.internal.fingerprint;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.idempotency.fingerprint.InvalidRequestBodyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The canonical JSON form the fingerprint hashes.
 */
class CanonicalJsonTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = {
			// zero, whatever its sign, fraction or exponent
			"0|0", "-0|0", "0.0|0", "-0.000|0", "0e0|0", "0E+5|0", "0e-5|0", "-0.0e99999999999999999999|0",
			// integers
			"1|1e0", "-1|-1e0", "7|7e0", "10|1e1", "100|1e2", "-120|-12e1", "101|101e0", "1000000|1e6",
			"9007199254740992|9007199254740992e0", "9007199254740993|9007199254740993e0",
			"123456789012345678901234567890|12345678901234567890123456789e1",
			// fractions
			"1.0|1e0", "1.00000|1e0", "1.5|15e-1", "-1.25|-125e-2", "0.5|5e-1", "0.05|5e-2", "0.001|1e-3",
			"10.50|105e-1", "100.5|1005e-1", "0.1|1e-1", "0.10000000000000001|10000000000000001e-17",
			// exponents
			"1e2|1e2", "1E2|1e2", "1e+2|1e2", "1E+2|1e2", "1e-2|1e-2", "1E-2|1e-2", "1e0|1e0", "1e+0|1e0",
			"1e-0|1e0", "1e007|1e7", "1e-007|1e-7", "5e-1|5e-1", "50e-2|5e-1", "100e-2|1e0", "12.340e3|1234e1",
			"1.5e3|15e2", "-1.5E-3|-15e-4", "123.456e-789|123456e-792",
			// exponents too large for a long
			"1e400|1e400", "1e99999999999999999|1e99999999999999999",
			"1e99999999999999999999|1e99999999999999999999", "1e-99999999999999999999|1e-99999999999999999999",
			"1e+000000000000000001|1e1", "10e99999999999999999999|1e100000000000000000000",
			"0.1e-99999999999999999999|1e-100000000000000000000",
			"1e9223372036854775807|1e9223372036854775807", "10e9223372036854775807|1e9223372036854775808" })
	void canonicalNumber(String text, String canonical) {
		assertThat(CanonicalJson.canonicalNumber(text)).isEqualTo(canonical);
	}

	@Test
	void canonicalNumberOfEqualValuesIsEqual() {
		assertThat(List.of("1", "1.0", "1e0", "10e-1", "0.1e1", "1.000e+0", "100E-2"))
			.extracting(CanonicalJson::canonicalNumber)
			.containsOnly("1e0");
	}

	@Test
	void writesNothingAndReturnsFalseForMalformedJson() {
		ByteSink out = sinkWithPrefix();
		assertThat(CanonicalJson.write(utf8("{\"a\":[1,2,{\"b\":"), List.of(), out)).isFalse();
		assertThat(out.size()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"b\":1,\"a\":2}{}", "[1] 2", "{\"b\":1,\"a\":2} x" })
	void writesNothingAndReturnsFalseForTrailingContent(String json) {
		ByteSink out = sinkWithPrefix();
		assertThat(CanonicalJson.write(utf8(json), List.of(), out)).isFalse();
		assertThat(out.size()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\n\t " })
	void returnsFalseForNoValue(String json) {
		ByteSink out = sinkWithPrefix();
		assertThat(CanonicalJson.write(utf8(json), List.of(), out)).isFalse();
		assertThat(out.size()).isEqualTo(3);
	}

	@Test
	void writesNothingAndReturnsFalseBeyondTheDepthLimit() {
		int depth = CanonicalJson.MAX_DEPTH + 1;
		ByteSink out = sinkWithPrefix();
		assertThat(CanonicalJson.write(utf8("[".repeat(depth) + "]".repeat(depth)), List.of(), out)).isFalse();
		assertThat(out.size()).isEqualTo(3);
	}

	@Test
	void appendsAfterWhatTheSinkHolds() {
		ByteSink out = sinkWithPrefix();
		assertThat(CanonicalJson.write(utf8("true"), List.of(), out)).isTrue();
		assertThat(out.copy(0, out.size())).isEqualTo(new byte[] { 'p', 'r', 'e', 'T' });
	}

	@Test
	void sortsMembersByUtf16CodeUnitsAsRfc8785Does() {
		// U+1F600 is 0xD83D 0xDE00 in UTF-16, so it sorts before U+FF21, though its code
		// point is larger.
		String emoji = "\uD83D\uDE00";
		String fullwidthA = "\uFF21";
		byte[] canonical = canonical("{\"" + fullwidthA + "\":1,\"" + emoji + "\":2}");
		assertThat(canonical).isEqualTo(canonical("{\"" + emoji + "\":2,\"" + fullwidthA + "\":1}"));
		String text = new String(canonical, StandardCharsets.UTF_8);
		assertThat(text.indexOf(emoji)).isLessThan(text.indexOf(fullwidthA));
	}

	@Test
	void escapedAndLiteralNamesAndStringsAreEqual() {
		assertThat(canonical("{\"\\u0061\\/\":\"\\u00e9\\n\"}")).isEqualTo(canonical("{\"a/\":\"é\\u000a\"}"));
	}

	@Test
	void encodingTellsValuesOfEveryKindApart() {
		List<String> documents = List.of("null", "true", "false", "0", "1", "\"\"", "\"0\"", "\"1\"", "\"null\"", "[]",
				"{}", "[null]", "[[]]", "[{}]", "{\"\":null}", "{\"a\":[]}", "[\"a\",\"b\"]", "[\"ab\"]",
				"{\"a\":\"b\"}", "[\"a\",[\"b\"]]", "[[\"a\"],\"b\"]", "{\"a\":{\"b\":{}}}", "{\"a\":{},\"b\":{}}");
		assertThat(documents.stream().map((document) -> new String(canonical(document), StandardCharsets.ISO_8859_1)))
			.doesNotHaveDuplicates();
	}

	@Test
	void unpairedSurrogatesAreNotConfusedWithOtherCharacters() {
		// An escaped lone surrogate is valid JSON text; the parser gives it back as is.
		assertThat(canonical("\"\\ud800\"")).isNotEqualTo(canonical("\"?\""))
			.isNotEqualTo(canonical("\"\\udbff\""))
			.isNotEqualTo(canonical("\"\uFFFD\""));
		assertThat(canonical("{\"a\":\"\\udc00\"}")).isNotEqualTo(canonical("{\"a\":\"?\"}"));
	}

	@Test
	void unpairedSurrogateDoesNotChangeTheEncodingOfValidText() {
		// A valid surrogate pair written as escapes is the same text as the literal.
		assertThat(canonical("\"\\ud83d\\ude00\"")).isEqualTo(canonical("\"\uD83D\uDE00\""));
	}

	@Test
	void duplicateMembersAreRefusedEvenWhenAlreadyInOrder() {
		assertThatExceptionOfType(InvalidRequestBodyException.class).isThrownBy(() -> canonical("{\"a\":1,\"a\":1}"));
	}

	@Test
	void emptyObjectAndArrayAreWritten() {
		assertThat(canonical("{}")).isEqualTo(new byte[] { 'O', 0, 0, 0, 0 });
		assertThat(canonical("[]")).isEqualTo(new byte[] { 'A', 0, 0, 0, 0 });
	}

	@Test
	void ignoredMembersAreNotCounted() {
		List<CanonicalJson.JsonPointer> ignored = List.of(CanonicalJson.JsonPointer.parse("/x"));
		ByteSink out = new ByteSink(64);
		assertThat(CanonicalJson.write(utf8("{\"x\":[1,2],\"y\":1}"), ignored, out)).isTrue();
		assertThat(out.copy(0, out.size())).isEqualTo(canonical("{\"y\":1}"));
	}

	@Test
	void pointerPrintsInItsEscapedForm() {
		assertThat(CanonicalJson.JsonPointer.parse("/a~1b/~0/0")).hasToString("/a~1b/~0/0");
	}

	@Test
	void pointerRefusesABadTildeAfterALineBreak() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> CanonicalJson.JsonPointer.parse("/a\n~2"));
	}

	private static byte[] canonical(String json) {
		ByteSink out = new ByteSink(64);
		assertThat(CanonicalJson.write(utf8(json), List.of(), out)).as(json).isTrue();
		return out.copy(0, out.size());
	}

	private static ByteSink sinkWithPrefix() {
		ByteSink out = new ByteSink(16);
		byte[] prefix = utf8("pre");
		out.write(prefix, 0, prefix.length);
		return out;
	}

	private static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
