package dev.idempotency.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;

/**
 * HTTP/1.1 over a plain socket, for requests that ordinary clients refuse to send:
 * repeated headers, control characters and raw bytes in header values, chunked bodies
 * of any size, broken chunk framing. The body is written on a thread of its own while
 * the response is read, so a server that answers before reading the whole body (as it
 * must for a body over the limit) is seen answering.
 */
public final class RawHttp {

	private static final byte[] CRLF = { '\r', '\n' };

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/**
	 * A header line from text, sent as ISO-8859-1 (one byte per character, whatever it
	 * is).
	 */
	public static byte[] header(String name, String value) {
		return (name + ": " + value).getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A header line whose value is raw bytes.
	 */
	public static byte[] header(String name, byte[] value) {
		byte[] start = (name + ": ").getBytes(StandardCharsets.ISO_8859_1);
		byte[] line = Arrays.copyOf(start, start.length + value.length);
		System.arraycopy(value, 0, line, start.length, value.length);
		return line;
	}

	/**
	 * {@code POST} a body with its {@code Content-Length}.
	 */
	public Response post(String path, List<byte[]> headers, byte[] body) {
		List<byte[]> all = new ArrayList<>(headers);
		all.add(header("Content-Length", Integer.toString(body.length)));
		return send(path, all, (out) -> out.write(body));
	}

	/**
	 * {@code POST} a body of {@code size} bytes, all {@code fill}, in 64 KiB chunks,
	 * without a {@code Content-Length}.
	 */
	public Response postChunked(String path, List<byte[]> headers, long size, byte fill) {
		List<byte[]> all = new ArrayList<>(headers);
		all.add(header("Transfer-Encoding", "chunked"));
		return send(path, all, (out) -> {
			byte[] chunk = new byte[64 * 1024];
			Arrays.fill(chunk, fill);
			long left = size;
			while (left > 0) {
				int length = (int) Math.min(chunk.length, left);
				out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(chunk, 0, length);
				out.write(CRLF);
				left -= length;
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		});
	}

	/**
	 * {@code POST} with the given header lines (a {@code Host} and
	 * {@code Connection: close} are added) and a body written as it is, framing
	 * included.
	 */
	public Response send(String path, List<byte[]> headers, BodyWriter body) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			head.writeBytes(("POST " + path + " HTTP/1.1").getBytes(StandardCharsets.ISO_8859_1));
			head.writeBytes(CRLF);
			head.writeBytes(header("Host", "127.0.0.1:" + this.port));
			head.writeBytes(CRLF);
			head.writeBytes(header("Connection", "close"));
			head.writeBytes(CRLF);
			for (byte[] line : headers) {
				head.writeBytes(line);
				head.writeBytes(CRLF);
			}
			head.writeBytes(CRLF);
			out.write(head.toByteArray());
			out.flush();
			Thread writer = new Thread(() -> {
				try {
					body.write(out);
					out.flush();
				}
				catch (IOException ex) {
					// The server answered and closed the connection before reading it all.
				}
			}, "raw-http-body");
			writer.setDaemon(true);
			writer.start();
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int headEnd = -1;
		Map<String, List<String>> headers = new LinkedHashMap<>();
		int status = 0;
		long contentLength = -1;
		boolean chunked = false;
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.write(buffer, 0, read);
				byte[] all = received.toByteArray();
				if (headEnd < 0) {
					headEnd = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
					if (headEnd < 0) {
						continue;
					}
					String[] lines = new String(all, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
					status = Integer.parseInt(lines[0].split(" ")[1]);
					for (int i = 1; i < lines.length; i++) {
						int colon = lines[i].indexOf(':');
						headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
								(name) -> new ArrayList<>())
							.add(lines[i].substring(colon + 1).trim());
					}
					contentLength = headers.containsKey("content-length")
							? Long.parseLong(headers.get("content-length").get(0)) : -1;
					chunked = headers.containsKey("transfer-encoding");
				}
				byte[] body = Arrays.copyOfRange(all, headEnd + 4, all.length);
				if (contentLength >= 0 && body.length >= contentLength) {
					return new Response(status, headers, Arrays.copyOf(body, (int) contentLength));
				}
				if (chunked && indexOf(body, "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0) >= 0) {
					return new Response(status, headers, dechunk(body));
				}
			}
		}
		catch (SocketException ex) {
			// A reset after the response: what arrived before it counts.
			if (headEnd < 0) {
				throw ex;
			}
		}
		if (headEnd < 0) {
			throw new IOException("The server closed the connection without answering");
		}
		byte[] body = Arrays.copyOfRange(received.toByteArray(), headEnd + 4, received.size());
		return new Response(status, headers, chunked ? dechunk(body) : body);
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int position = 0;
		while (true) {
			int lineEnd = indexOf(chunked, CRLF, position);
			if (lineEnd < 0) {
				return out.toByteArray();
			}
			int size = Integer.parseInt(new String(chunked, position, lineEnd - position, StandardCharsets.US_ASCII)
				.split(";")[0]
				.trim(), 16);
			if (size == 0) {
				return out.toByteArray();
			}
			out.write(chunked, lineEnd + 2, size);
			position = lineEnd + 2 + size + 2;
		}
	}

	private static int indexOf(byte[] data, byte[] pattern, int from) {
		outer: for (int i = from; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * Writes a request body, framing included.
	 */
	@FunctionalInterface
	public interface BodyWriter {

		void write(OutputStream out) throws IOException;

	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param headers the headers, by lower-case name
	 * @param body the body, de-chunked
	 */
	public record Response(int status, Map<String, List<String>> headers, byte[] body) {

		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null) ? values.get(0) : null;
		}

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		public boolean isProblem() {
			String contentType = header("Content-Type");
			return contentType != null && contentType.startsWith("application/problem+json");
		}

		/**
		 * The problem type, {@code about:blank} for a problem without one, or
		 * {@code null} for an answer that is not a problem.
		 */
		public String problemType() {
			if (!isProblem()) {
				return null;
			}
			Map<String, Object> problem = JsonPath.read(text(), "$");
			return (String) problem.getOrDefault("type", "about:blank");
		}

		@Override
		public String toString() {
			String text = text();
			return this.status + " " + this.headers + " " + ((text.length() > 300) ? text.substring(0, 300) + "..." : text);
		}

	}

}
