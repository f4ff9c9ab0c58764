package dev.idempotency.internal.store.redis;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: text that is not valid Unicode (an unpaired surrogate) is refused, never
 * replaced, because a replacement character would make two different texts the same
 * bytes.
 */
final class Utf8 {

	private Utf8() {
	}

	/**
	 * Encode text as UTF-8.
	 * @param text the text
	 * @param what what the text is, for the error message
	 * @return the bytes
	 * @throws IllegalArgumentException if the text is not valid Unicode
	 */
	static byte[] encode(String text, String what) {
		try {
			ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.encode(CharBuffer.wrap(text));
			byte[] bytes = new byte[encoded.remaining()];
			encoded.get(bytes);
			return bytes;
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("The " + what + " is not valid Unicode", ex);
		}
	}

	/**
	 * Decode UTF-8 bytes.
	 * @param bytes the bytes
	 * @param what what the text is, for the error message
	 * @return the text
	 * @throws IllegalArgumentException if the bytes are not valid UTF-8
	 */
	static String decode(byte[] bytes, String what) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("The " + what + " is not UTF-8", ex);
		}
	}

}
