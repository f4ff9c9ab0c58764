package dev.idempotency.internal.web;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.idempotency.internal.web.IdempotencyKeyParser.MalformedKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code Idempotency-Key} header as SPEC section 2, row 2 defines it.
 */
class IdempotencyKeyParserTests {

	private static final int MAX = 255;

	private final IdempotencyKeyParser parser = new IdempotencyKeyParser(MAX);

	@Test
	void missingHeaderIsNoKey() {
		assertThat(this.parser.parse(Collections.emptyEnumeration())).isNull();
		assertThat(this.parser.parse((java.util.Enumeration<String>) null)).isNull();
		assertThat(this.parser.parse(new MockHttpServletRequest().getHeaders("Idempotency-Key"))).isNull();
	}

	@Test
	void bareKeyIsAccepted() {
		assertThat(this.parser.parse("8e03978e-40d5-43e8-bc93-6894a57f9324"))
			.isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
	}

	@Test
	void quotedKeyIsAccepted() {
		assertThat(this.parser.parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""))
			.isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
	}

	@Test
	void bareAndQuotedFormsAreTheSameKey() {
		assertThat(this.parser.parse("\"abc\"")).isEqualTo(this.parser.parse("abc")).isEqualTo("abc");
	}

	@Test
	void singleHeaderFromTheRequestIsParsed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Idempotency-Key", "\"abc\"");
		assertThat(this.parser.parse(request.getHeaders("Idempotency-Key"))).isEqualTo("abc");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "   ", "\t", " \t ", "\"\"", " \"\" " })
	void emptyOrWhitespaceOnlyIsMalformed(String value) {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(value))
			.withMessageContaining("empty");
	}

	@Test
	void bareKeyOfExactlyMaxLengthIsAccepted() {
		String key = "k".repeat(MAX);
		assertThat(this.parser.parse(key)).isEqualTo(key);
	}

	@Test
	void quotedKeyOfExactlyMaxLengthIsAccepted() {
		String key = "k".repeat(MAX);
		assertThat(this.parser.parse("\"" + key + "\"")).isEqualTo(key);
	}

	@Test
	void quotedKeyOfMaxLengthCountsEscapedCharactersOnce() {
		String key = "\\".repeat(MAX);
		assertThat(this.parser.parse("\"" + "\\\\".repeat(MAX) + "\"")).isEqualTo(key);
	}

	@ParameterizedTest
	@ValueSource(ints = { MAX + 1, 2 * MAX, 2 * MAX + 65, 100_000 })
	void bareKeyLongerThanMaxLengthIsMalformed(int length) {
		assertThatExceptionOfType(MalformedKeyException.class)
			.isThrownBy(() -> this.parser.parse("k".repeat(length)))
			.withMessageContaining("longer than " + MAX);
	}

	@ParameterizedTest
	@ValueSource(ints = { MAX + 1, 2 * MAX, 2 * MAX + 65, 100_000 })
	void quotedKeyLongerThanMaxLengthIsMalformed(int length) {
		assertThatExceptionOfType(MalformedKeyException.class)
			.isThrownBy(() -> this.parser.parse("\"" + "k".repeat(length) + "\""))
			.withMessageContaining("longer than " + MAX);
	}

	@Test
	void quotedKeyOfMaxPlusOneEscapedCharactersIsMalformed() {
		assertThatExceptionOfType(MalformedKeyException.class)
			.isThrownBy(() -> this.parser.parse("\"" + "\\\"".repeat(MAX + 1) + "\""))
			.withMessageContaining("longer than " + MAX);
	}

	@Test
	void maxLengthIsConfigurable() {
		IdempotencyKeyParser parser = new IdempotencyKeyParser(4);
		assertThat(parser.parse("abcd")).isEqualTo("abcd");
		assertThat(parser.parse("\"abcd\"")).isEqualTo("abcd");
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> parser.parse("abcde"));
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> parser.parse("\"abcde\""));
	}

	static Stream<Arguments> controlCharacters() {
		// Tab is left out: it is trimmed as optional whitespace around the value; it is
		// refused inside a key below.
		return IntStream.concat(IntStream.range(0, 0x20).filter((c) -> c != '\t'), IntStream.of(0x7F))
			.mapToObj((c) -> Arguments.of(String.format("0x%02X", c), (char) c));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("controlCharacters")
	void controlCharacterInBareKeyIsMalformed(String name, char c) {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse("ab" + c + "cd"))
			.withMessageContaining("printable ASCII");
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse("abcd" + c))
			.withMessageContaining("printable ASCII");
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(c + "abcd"))
			.withMessageContaining("printable ASCII");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("controlCharacters")
	void controlCharacterInQuotedKeyIsMalformed(String name, char c) {
		assertThatExceptionOfType(MalformedKeyException.class)
			.isThrownBy(() -> this.parser.parse("\"ab" + c + "cd\""))
			.withMessageContaining("printable ASCII");
	}

	@Test
	void tabInsideKeyIsMalformed() {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse("ab\tcd"));
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse("\"ab\tcd\""));
	}

	@Test
	void everyPrintableAsciiCharacterIsAcceptedInQuotedKey() {
		StringBuilder key = new StringBuilder();
		StringBuilder header = new StringBuilder("\"");
		for (char c = 0x20; c <= 0x7E; c++) {
			key.append(c);
			header.append((c == '"' || c == '\\') ? "\\" + c : String.valueOf(c));
		}
		header.append('"');
		assertThat(this.parser.parse(header.toString())).isEqualTo(key.toString());
	}

	static Stream<String> nonAsciiHeaders() {
		// A servlet container decodes header bytes as ISO-8859-1, so UTF-8 "é" arrives as
		// the two characters 0xC3 0xA9.
		String utf8AsLatin1 = new String("café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
		return Stream.of("caf\u00E9", utf8AsLatin1, "\"" + utf8AsLatin1 + "\"", "key\u00A0", "\u00FFkey", "k\u0080",
				"\"k\u00E9\"", "emoji-\uD83D\uDE00");
	}

	@ParameterizedTest
	@MethodSource("nonAsciiHeaders")
	void nonAsciiCharacterIsMalformed(String value) {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(value))
			.withMessageContaining("printable ASCII");
	}

	@Test
	void headerGivenTwiceIsMalformed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Idempotency-Key", "abc");
		request.addHeader("Idempotency-Key", "abc");
		assertThatExceptionOfType(MalformedKeyException.class)
			.isThrownBy(() -> this.parser.parse(request.getHeaders("Idempotency-Key")))
			.withMessageContaining("once");
	}

	@Test
	void headerGivenTwiceWithDifferentValuesIsMalformed() {
		assertThatExceptionOfType(MalformedKeyException.class)
			.isThrownBy(() -> this.parser.parse(Collections.enumeration(List.of("\"a\"", "\"b\""))))
			.withMessageContaining("once");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a,b", "a, b", "abc,", ",abc", "a,a" })
	void commaJoinedBareListIsMalformed(String value) {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(value))
			.withMessageContaining("list");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"a\", \"b\"", "\"a\",\"b\"", "\"a\", b" })
	void commaJoinedQuotedListIsMalformed(String value) {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(value))
			.withMessageContaining("after the closing quote");
	}

	@Test
	void commaInsideQuotedKeyIsPartOfTheKey() {
		assertThat(this.parser.parse("\"a,b\"")).isEqualTo("a,b");
	}

	@Test
	void escapedQuoteIsUnescaped() {
		assertThat(this.parser.parse("\"say \\\"hi\\\"\"")).isEqualTo("say \"hi\"");
	}

	@Test
	void escapedBackslashIsUnescaped() {
		assertThat(this.parser.parse("\"a\\\\b\"")).isEqualTo("a\\b");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"a\\nb\"", "\"a\\tb\"", "\"a\\u0041\"", "\"a\\/b\"", "\"a\\ b\"", "\"\\a\"" })
	void otherEscapesAreMalformed(String value) {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(value))
			.withMessageContaining("may be escaped");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"abc", "\"", "\"abc\\\"", " \"abc " })
	void unterminatedStringIsMalformed(String value) {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(value))
			.withMessageContaining("closing quote is missing");
	}

	@Test
	void backslashAtTheEndOfAQuotedKeyIsMalformed() {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse("\"abc\\"))
			.withMessageContaining("inside an escape");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"abc\"def", "\"abc\";p=1", "\"abc\" x", "\"abc\"\"", "\"a\"\"b\"" })
	void contentAfterTheClosingQuoteIsMalformed(String value) {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(value))
			.withMessageContaining("after the closing quote");
	}

	@ParameterizedTest
	@ValueSource(strings = { " abc", "abc ", "  abc  ", "\tabc", "abc\t", " \t abc \t ", " \"abc\" ", "\t\"abc\"\t" })
	void surroundingSpacesAndTabsAreTrimmed(String value) {
		assertThat(this.parser.parse(value)).isEqualTo("abc");
	}

	@Test
	void spacesInsideTheQuotesArePartOfTheKey() {
		assertThat(this.parser.parse("\" abc \"")).isEqualTo(" abc ");
	}

	@Test
	void quotedKeyWithInnerSpaceIsAccepted() {
		assertThat(this.parser.parse("\"my key\"")).isEqualTo("my key");
	}

	@Test
	void bareKeyWithInnerSpaceIsMalformedAndSaysHowToSendIt() {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse("my key"))
			.withMessageContaining("' '")
			.withMessageContaining("quoted string");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ab\"c", "abc\"", "a\\b" })
	void bareKeyWithQuoteOrBackslashIsMalformed(String value) {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(value))
			.withMessageContaining("quoted string");
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "ABC-123_x.y~z", "a:b", "a/b", "a;b=c", "*", "!#$%&'()*+-./:;<=>?@[]^_`{|}~" })
	void bareKeyMayHoldAnyOtherPrintableCharacter(String value) {
		assertThat(this.parser.parse(value)).isEqualTo(value);
	}

	@Test
	void malformedKeyExceptionCarriesNoStackTrace() {
		assertThatExceptionOfType(MalformedKeyException.class).isThrownBy(() -> this.parser.parse(""))
			.satisfies((ex) -> assertThat(ex.getStackTrace()).isEmpty());
	}

}
