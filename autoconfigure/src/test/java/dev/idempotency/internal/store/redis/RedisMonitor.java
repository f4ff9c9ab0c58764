package dev.idempotency.internal.store.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches what a Redis server executes, with {@code MONITOR} on a plain socket, keeping
 * the commands that scripts run (client {@code lua}) and the commands that mention a
 * given text, with a marker where other commands ran between them. MONITOR only reads; the server is left as it was when this closes.
 */
final class RedisMonitor implements AutoCloseable {

	private final Socket socket;

	private final String mentioned;

	private final List<Line> lines = new ArrayList<>();

	private final Thread reader;

	/**
	 * Start watching.
	 * @param redisUrl the server, {@code redis://host:port}
	 * @param mentioned text whose commands are kept besides the scripts' own
	 * @throws IOException if the server cannot be reached
	 */
	RedisMonitor(String redisUrl, String mentioned) throws IOException {
		URI uri = URI.create(redisUrl);
		this.mentioned = mentioned;
		this.socket = new Socket(uri.getHost(), uri.getPort());
		OutputStream out = this.socket.getOutputStream();
		out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		BufferedReader in = new BufferedReader(
				new InputStreamReader(this.socket.getInputStream(), StandardCharsets.ISO_8859_1));
		String ok = in.readLine();
		if (!"+OK".equals(ok)) {
			this.socket.close();
			throw new IOException("MONITOR answered " + ok);
		}
		this.reader = new Thread(() -> read(in), "redis-monitor");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * The kept commands so far, in the order the server ran them; {@link Line#OTHER}
	 * stands for any number of other commands between them.
	 * @return the commands
	 */
	List<Line> lines() {
		synchronized (this.lines) {
			return new ArrayList<>(this.lines);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private void read(BufferedReader in) {
		try {
			String raw;
			while ((raw = in.readLine()) != null) {
				Line line = Line.parse(raw);
				if (line == null) {
					continue;
				}
				synchronized (this.lines) {
					if (line.lua() || raw.contains(this.mentioned)) {
						this.lines.add(line);
					}
					else if (this.lines.isEmpty() || !this.lines.get(this.lines.size() - 1).equals(Line.OTHER)) {
						// Kept as a marker only, so that the commands of two scripts never
						// look like one script's.
						this.lines.add(Line.OTHER);
					}
				}
			}
		}
		catch (IOException ex) {
			// Closed.
		}
	}

	/**
	 * One executed command.
	 *
	 * @param lua whether a script ran it
	 * @param args the command and its arguments, each byte as one character
	 */
	record Line(boolean lua, List<String> args) {

		/** Commands that were not kept. */
		static final Line OTHER = new Line(false, List.of("(other)"));

		String command() {
			return this.args.get(0).toUpperCase(java.util.Locale.ROOT);
		}

		/**
		 * Parse a MONITOR line such as {@code +1700000000.1 [0 lua] "HGET" "k" "f"}.
		 * @param raw the line
		 * @return the command, or {@code null} for a line that is not one
		 */
		static Line parse(String raw) {
			int open = raw.indexOf('[');
			int close = raw.indexOf(']', open);
			if (!raw.startsWith("+") || open < 0 || close < 0) {
				return null;
			}
			boolean lua = raw.substring(open, close).endsWith(" lua");
			List<String> args = new ArrayList<>();
			int i = close + 1;
			while (i < raw.length()) {
				if (raw.charAt(i) != '"') {
					i++;
					continue;
				}
				StringBuilder arg = new StringBuilder();
				i++;
				while (raw.charAt(i) != '"') {
					char c = raw.charAt(i++);
					if (c != '\\') {
						arg.append(c);
						continue;
					}
					char escaped = raw.charAt(i++);
					switch (escaped) {
						case 'n' -> arg.append('\n');
						case 'r' -> arg.append('\r');
						case 't' -> arg.append('\t');
						case 'a' -> arg.append('\u0007');
						case 'b' -> arg.append('\b');
						case 'x' -> {
							arg.append((char) Integer.parseInt(raw.substring(i, i + 2), 16));
							i += 2;
						}
						default -> arg.append(escaped);
					}
				}
				i++;
				args.add(arg.toString());
			}
			return args.isEmpty() ? null : new Line(lua, args);
		}

	}

}
