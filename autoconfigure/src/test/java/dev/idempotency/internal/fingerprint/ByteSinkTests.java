package dev.idempotency.internal.fingerprint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte buffer behind the canonical encoding.
 */
class ByteSinkTests {

	@Test
	void writesIntsBigEndian() {
		ByteSink sink = new ByteSink(0);
		sink.writeInt(0x01020304);
		sink.writeInt(-1);
		assertThat(bytes(sink)).containsExactly(1, 2, 3, 4, 0xFF, 0xFF, 0xFF, 0xFF);
	}

	@Test
	void putIntRewritesInPlace() {
		ByteSink sink = new ByteSink(0);
		sink.writeInt(0);
		sink.write((byte) 'x');
		sink.putInt(0, 258);
		assertThat(bytes(sink)).containsExactly(0, 0, 1, 2, 'x');
		assertThat(sink.size()).isEqualTo(5);
	}

	@Test
	void growsBeyondItsInitialCapacity() {
		ByteSink sink = new ByteSink(1);
		byte[] expected = new byte[10_000];
		for (int i = 0; i < expected.length; i++) {
			expected[i] = (byte) i;
			sink.write((byte) i);
		}
		byte[] block = new byte[100_000];
		sink.write(block, 0, block.length);
		assertThat(sink.size()).isEqualTo(110_000);
		assertThat(sink.copy(0, 10_000)).isEqualTo(expected);
	}

	@Test
	void writesAsciiWithItsLength() {
		ByteSink sink = new ByteSink(0);
		sink.writeUtf8WithLength("abc");
		assertThat(bytes(sink)).containsExactly(0, 0, 0, 3, 'a', 'b', 'c');
	}

	@Test
	void writesTheEmptyStringAsItsLengthAlone() {
		ByteSink sink = new ByteSink(0);
		sink.writeUtf8WithLength("");
		assertThat(bytes(sink)).containsExactly(0, 0, 0, 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "é", "café", "\u0080", "\u07FF", "\u0800", "\uFFFF", "\uFFFD", "\uD83D\uDE00",
			"\uDBFF\uDFFF", "a\uD800\uDC00b", "日本語のテキスト", "\u0000\u007F\u0080" })
	void writesValidTextAsUtf8WithItsByteLength(String value) {
		ByteSink sink = new ByteSink(0);
		sink.writeUtf8WithLength(value);
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		assertThat(bytes(sink)).isEqualTo(ByteBuffer.allocate(4 + utf8.length).putInt(utf8.length).put(utf8).array());
	}

	@Test
	void writesAnUnpairedSurrogateAsItsOwnThreeBytes() {
		ByteSink sink = new ByteSink(0);
		sink.writeUtf8WithLength("\uD800");
		assertThat(bytes(sink)).containsExactly(0, 0, 0, 3, 0xED, 0xA0, 0x80);
	}

	@Test
	void unpairedSurrogatesNeverMeetOtherText() {
		assertThat(encoded("\uD800")).isNotEqualTo(encoded("?"))
			.isNotEqualTo(encoded("\uFFFD"))
			.isNotEqualTo(encoded("\uDBFF"));
		assertThat(encoded("\uDC00\uD800")).isNotEqualTo(encoded("\uD800\uDC00"));
		assertThat(encoded("a\uD800")).isNotEqualTo(encoded("a?"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "é", "café", "\u0080", "\uFFFF", "\uD83D\uDE00", "a\uD800", "\uDC00\uD800",
			"x\uD800\uDC00y", "日本語のテキスト" })
	void writesCharactersAsItWritesTheirString(String value) {
		// The characters sit inside a larger array, as in a parser's buffer.
		char[] chars = ("[" + value + "]").toCharArray();
		ByteSink sink = new ByteSink(0);
		sink.writeUtf8WithLength(chars, 1, value.length());
		assertThat(bytes(sink)).isEqualTo(encoded(value));
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 7, -7, 10, -10, 1234567890123456789L, Long.MAX_VALUE, Long.MIN_VALUE })
	void writesDecimalsAsLongToStringDoes(long value) {
		ByteSink sink = new ByteSink(0);
		sink.writeDecimal(value);
		assertThat(new String(bytes(sink), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
	}

	@Test
	void writesOnlyTheDigits() {
		ByteSink sink = new ByteSink(0);
		sink.writeDigits("-12.50e3".toCharArray(), 1, 6);
		assertThat(new String(bytes(sink), StandardCharsets.US_ASCII)).isEqualTo("1250");
	}

	@Test
	void overwriteAndTruncateAndReset() {
		ByteSink sink = new ByteSink(0);
		byte[] abcd = "abcd".getBytes(StandardCharsets.US_ASCII);
		sink.write(abcd, 0, 4);
		sink.overwrite(1, "xy".getBytes(StandardCharsets.US_ASCII), 0, 2);
		assertThat(new String(bytes(sink), StandardCharsets.US_ASCII)).isEqualTo("axyd");
		sink.truncate(2);
		assertThat(new String(bytes(sink), StandardCharsets.US_ASCII)).isEqualTo("ax");
		sink.reset();
		assertThat(sink.size()).isZero();
	}

	@Test
	void digestsExactlyWhatWasWritten() throws Exception {
		ByteSink sink = new ByteSink(1024);
		sink.writeUtf8WithLength("abc");
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		sink.digestInto(digest);
		assertThat(digest.digest())
			.isEqualTo(MessageDigest.getInstance("SHA-256").digest(new byte[] { 0, 0, 0, 3, 'a', 'b', 'c' }));
	}

	private static byte[] encoded(String value) {
		ByteSink sink = new ByteSink(0);
		sink.writeUtf8WithLength(value);
		return bytes(sink);
	}

	private static byte[] bytes(ByteSink sink) {
		return sink.copy(0, sink.size());
	}

}
