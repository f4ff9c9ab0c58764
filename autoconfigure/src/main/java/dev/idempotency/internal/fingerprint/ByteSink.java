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
		// ASCII is by far the common case: encode it without an intermediate array.
		int length = value.length();
		boolean ascii = true;
		for (int i = 0; i < length; i++) {
			if (value.charAt(i) >= 0x80) {
				ascii = false;
				break;
			}
		}
		if (ascii) {
			writeInt(length);
			ensure(length);
			for (int i = 0; i < length; i++) {
				this.bytes[this.size++] = (byte) value.charAt(i);
			}
		}
		else {
			int lengthAt = this.size;
			writeInt(0);
			int start = this.size;
			for (int i = 0; i < length;) {
				int codePoint = value.codePointAt(i);
				i += Character.charCount(codePoint);
				writeCodePoint(codePoint);
			}
			putInt(lengthAt, this.size - start);
		}
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
