package dev.idempotency.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a socket, for requests that ordinary clients refuse to
 * send: repeated headers, control characters and raw bytes in header values.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Send a request and read the whole response.
	 * @param port the server port
	 * @param head the request line and headers, each ending in CRLF, without the blank
	 * line; {@code Host}, {@code Connection: close} and {@code Content-Length} are added
	 * @param headerBytes raw bytes appended to the head (may be empty)
	 * @param body the body
	 * @return the response
	 * @throws IOException if the exchange fails
	 */
	static Response send(int port, String head, byte[] headerBytes, byte[] body) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			out.write(headerBytes);
			String extra = "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\nContent-Length: " + body.length
					+ "\r\n\r\n";
			out.write(extra.getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			return read(socket.getInputStream());
		}
	}

	private static Response read(InputStream in) throws IOException {
		byte[] all = in.readAllBytes();
		int split = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		String head = new String(all, 0, split, StandardCharsets.ISO_8859_1);
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), (k) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).trim());
		}
		byte[] body = java.util.Arrays.copyOfRange(all, split + 4, all.length);
		if (headers.containsKey("transfer-encoding")) {
			body = dechunk(body);
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int position = 0;
		while (true) {
			int lineEnd = indexOf(java.util.Arrays.copyOfRange(chunked, position, chunked.length),
					"\r\n".getBytes(StandardCharsets.ISO_8859_1)) + position;
			int size = Integer.parseInt(new String(chunked, position, lineEnd - position, StandardCharsets.ISO_8859_1).trim(), 16);
			if (size == 0) {
				return out.toByteArray();
			}
			out.write(chunked, lineEnd + 2, size);
			position = lineEnd + 2 + size + 2;
		}
	}

	private static int indexOf(byte[] data, byte[] pattern) {
		outer: for (int i = 0; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	record Response(int status, Map<String, List<String>> headers, String body) {

		String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null) ? values.get(0) : null;
		}

	}

}
