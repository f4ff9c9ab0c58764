package dev.idempotency.internal.store.redis;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.idempotency.store.StoredResponse;
import dev.idempotency.store.StoredResponse.BodyMode;

/**
 * The binary form in which the Redis store keeps a {@link StoredResponse}. It names no
 * Java class and is read field by field, so stored data can never make the reader
 * instantiate anything.
 * <p>
 * Version 1, all integers big-endian:
 * <pre>
 * u8   format version (1)
 * u16  HTTP status
 * u8   body mode: 0 stored, 1 too large, 2 error page
 * u32  number of header names, then for each, in order:
 *        u32 length + UTF-8 name, u32 number of values, then per value u32 length + UTF-8
 * u32  body length + body bytes
 * </pre>
 * A change to this layout takes a new version byte; data of an unknown version, and
 * truncated or trailing data, is refused rather than misread.
 */
final class ResponseCodec {

	static final int VERSION = 1;

	private static final BodyMode[] BODY_MODES = { BodyMode.STORED, BodyMode.TOO_LARGE, BodyMode.ERROR_PAGE };

	private ResponseCodec() {
	}

	/**
	 * Encode a response.
	 * @param response the response
	 * @return its binary form
	 * @throws IllegalArgumentException if a header name or value is not valid Unicode
	 */
	static byte[] encode(StoredResponse response) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + response.bodyLength());
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeShort(response.status());
			out.writeByte(bodyModeCode(response.bodyMode()));
			out.writeInt(response.headers().size());
			for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
				writeString(out, header.getKey());
				out.writeInt(header.getValue().size());
				for (String value : header.getValue()) {
					writeString(out, value);
				}
			}
			out.writeInt(response.bodyLength());
			response.writeBodyTo(out);
		}
		catch (IOException ex) {
			// A ByteArrayOutputStream does not fail.
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Decode a response.
	 * @param data the binary form
	 * @return the response
	 * @throws IllegalArgumentException if the data is of an unknown version, truncated,
	 * followed by extra bytes, or otherwise invalid
	 */
	static StoredResponse decode(byte[] data) {
		Reader in = new Reader(data);
		int version = in.u8("format version");
		if (version != VERSION) {
			throw new IllegalArgumentException("Stored response has format version " + version
					+ ", but this version of the starter reads only version " + VERSION);
		}
		int status = in.u16("status");
		int modeCode = in.u8("body mode");
		if (modeCode >= BODY_MODES.length) {
			throw new IllegalArgumentException("Stored response has unknown body mode " + modeCode);
		}
		int headerCount = in.count("header count");
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 0; i < headerCount; i++) {
			String name = in.string("header name");
			int valueCount = in.count("header value count");
			List<String> values = new ArrayList<>(Math.min(valueCount, 16));
			for (int j = 0; j < valueCount; j++) {
				values.add(in.string("header value"));
			}
			if (headers.putIfAbsent(name, values) != null) {
				throw new IllegalArgumentException("Stored response names header '" + name + "' twice");
			}
		}
		byte[] body = in.bytes("body");
		in.end();
		try {
			return new StoredResponse(status, headers, body, BODY_MODES[modeCode]);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Stored response is invalid: " + ex.getMessage(), ex);
		}
	}

	private static int bodyModeCode(BodyMode mode) {
		for (int i = 0; i < BODY_MODES.length; i++) {
			if (BODY_MODES[i] == mode) {
				return i;
			}
		}
		throw new IllegalArgumentException("No code for body mode " + mode);
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] utf8 = Utf8.encode(value, "header text");
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	/**
	 * Reads fields with a bounds check before each, so truncated data fails with a clear
	 * message instead of a buffer exception.
	 */
	private static final class Reader {

		private final ByteBuffer buffer;

		Reader(byte[] data) {
			this.buffer = ByteBuffer.wrap(data);
		}

		int u8(String field) {
			require(1, field);
			return Byte.toUnsignedInt(this.buffer.get());
		}

		int u16(String field) {
			require(2, field);
			return Short.toUnsignedInt(this.buffer.getShort());
		}

		int count(String field) {
			require(4, field);
			int count = this.buffer.getInt();
			if (count < 0) {
				throw new IllegalArgumentException("Stored response has a negative " + field);
			}
			return count;
		}

		byte[] bytes(String field) {
			int length = count(field + " length");
			require(length, field);
			byte[] bytes = new byte[length];
			this.buffer.get(bytes);
			return bytes;
		}

		String string(String field) {
			try {
				return Utf8.decode(bytes(field), field);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Stored response is invalid: " + ex.getMessage(), ex);
			}
		}

		void end() {
			if (this.buffer.hasRemaining()) {
				throw new IllegalArgumentException(
						"Stored response has " + this.buffer.remaining() + " unexpected bytes after its body");
			}
		}

		private void require(int length, String field) {
			if (this.buffer.remaining() < length) {
				throw new IllegalArgumentException("Stored response is truncated: its " + field + " needs " + length
						+ " bytes at offset " + this.buffer.position() + ", but only " + this.buffer.remaining()
						+ " remain");
			}
		}

	}

}
