package dev.idempotency.internal.fingerprint;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A growable byte buffer with the few operations canonical encoding needs: appending
 * length-prefixed fields and rewriting a region in place.
 */
final class ByteSink {

	private byte[] bytes;

	private int size;

	ByteSink(int initialCapacity) {
		this.bytes = new byte[Math.max(16, initialCapacity)];
	}

	int size() {
		return this.size;
	}

	void write(byte b) {
		ensure(1);
		this.bytes[this.size++] = b;
	}

	void write(byte[] source, int offset, int length) {
		ensure(length);
		System.arraycopy(source, offset, this.bytes, this.size, length);
		this.size += length;
	}

	void writeInt(int value) {
		ensure(4);
		putInt(this.size, value);
		this.size += 4;
	}

	void putInt(int position, int value) {
		this.bytes[position] = (byte) (value >>> 24);
		this.bytes[position + 1] = (byte) (value >>> 16);
		this.bytes[position + 2] = (byte) (value >>> 8);
		this.bytes[position + 3] = (byte) value;
	}

	void writeUtf8WithLength(String value) {
		// ASCII is by far the common case: copy it in one pass, with the buffer in locals
		// (field stores per byte would stay in the loop), until a character that is not.
		int length = value.length();
		ensure(4 + length);
		int lengthAt = this.size;
		byte[] buffer = this.bytes;
		int position = lengthAt + 4;
		int i = 0;
		while (i < length) {
			char c = value.charAt(i);
			if (c >= 0x80) {
				break;
			}
			buffer[position++] = (byte) c;
			i++;
		}
		this.size = position;
		while (i < length) {
			int codePoint = value.codePointAt(i);
			i += Character.charCount(codePoint);
			writeCodePoint(codePoint);
		}
		putInt(lengthAt, this.size - lengthAt - 4);
	}

	/**
	 * As {@link #writeUtf8WithLength(String)}, from the characters a parser holds, so that
	 * no string is made for them.
	 */
	void writeUtf8WithLength(char[] chars, int offset, int length) {
		ensure(4 + length);
		int lengthAt = this.size;
		byte[] buffer = this.bytes;
		int position = lengthAt + 4;
		int end = offset + length;
		int i = offset;
		while (i < end) {
			char c = chars[i];
			if (c >= 0x80) {
				break;
			}
			buffer[position++] = (byte) c;
			i++;
		}
		this.size = position;
		while (i < end) {
			int codePoint = Character.codePointAt(chars, i, end);
			i += Character.charCount(codePoint);
			writeCodePoint(codePoint);
		}
		putInt(lengthAt, this.size - lengthAt - 4);
	}

	/**
	 * Write the digits among some characters, skipping any other, without their length.
	 */
	void writeDigits(char[] chars, int from, int to) {
		ensure(to - from);
		byte[] buffer = this.bytes;
		int position = this.size;
		for (int i = from; i < to; i++) {
			char c = chars[i];
			if (c >= '0' && c <= '9') {
				buffer[position++] = (byte) c;
			}
		}
		this.size = position;
	}

	/**
	 * Write ASCII text, without its length.
	 */
	void writeAscii(String value) {
		int length = value.length();
		ensure(length);
		for (int i = 0; i < length; i++) {
			this.bytes[this.size++] = (byte) value.charAt(i);
		}
	}

	/**
	 * Write a number in decimal ASCII, as {@link Long#toString(long)} does, without its
	 * length.
	 */
	void writeDecimal(long value) {
		if (value == Long.MIN_VALUE) {
			writeAscii(Long.toString(value));
			return;
		}
		if (value < 0) {
			write((byte) '-');
			value = -value;
		}
		int digits = 1;
		for (long rest = value; rest >= 10; rest /= 10) {
			digits++;
		}
		ensure(digits);
		int position = this.size + digits;
		do {
			this.bytes[--position] = (byte) ('0' + (int) (value % 10));
			value /= 10;
		}
		while (value != 0);
		this.size += digits;
	}

	/**
	 * UTF-8, except that an unpaired surrogate gets the three bytes of its own value (as
	 * WTF-8 does), which no valid text encodes to. {@code String.getBytes} would write
	 * {@code ?} instead, so a JSON string holding a lone U+D800 would meet {@code "?"}.
	 */
	private void writeCodePoint(int codePoint) {
		ensure(4);
		if (codePoint < 0x80) {
			this.bytes[this.size++] = (byte) codePoint;
		}
		else if (codePoint < 0x800) {
			this.bytes[this.size++] = (byte) (0xC0 | (codePoint >>> 6));
			this.bytes[this.size++] = (byte) (0x80 | (codePoint & 0x3F));
		}
		else if (codePoint < 0x10000) {
			this.bytes[this.size++] = (byte) (0xE0 | (codePoint >>> 12));
			this.bytes[this.size++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
			this.bytes[this.size++] = (byte) (0x80 | (codePoint & 0x3F));
		}
		else {
			this.bytes[this.size++] = (byte) (0xF0 | (codePoint >>> 18));
			this.bytes[this.size++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
			this.bytes[this.size++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
			this.bytes[this.size++] = (byte) (0x80 | (codePoint & 0x3F));
		}
	}

	byte[] copy(int from, int to) {
		return Arrays.copyOfRange(this.bytes, from, to);
	}

	/**
	 * Copy a region into an array, which must be large enough.
	 */
	void copyTo(int from, int to, byte[] target) {
		System.arraycopy(this.bytes, from, target, 0, to - from);
	}

	void overwrite(int position, byte[] source, int offset, int length) {
		System.arraycopy(source, offset, this.bytes, position, length);
	}

	void truncate(int newSize) {
		this.size = newSize;
	}

	void reset() {
		this.size = 0;
	}

	void digestInto(MessageDigest digest) {
		digest.update(this.bytes, 0, this.size);
	}

	private void ensure(int extra) {
		int needed = this.size + extra;
		if (needed > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(needed, this.bytes.length * 2));
		}
	}

}
