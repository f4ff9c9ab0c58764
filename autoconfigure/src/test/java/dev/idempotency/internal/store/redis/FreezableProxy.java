package dev.idempotency.internal.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local TCP proxy to a server that can be frozen: while frozen it keeps the
 * connections open and forwards nothing, like a server that stopped answering
 * mid-session.
 */
final class FreezableProxy implements AutoCloseable {

	private final String host;

	private final int port;

	private final ServerSocket serverSocket;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object monitor = new Object();

	private boolean frozen;

	/**
	 * Start forwarding from a free loopback port.
	 * @param host the server's host
	 * @param port the server's port
	 * @throws IOException if no port can be had
	 */
	FreezableProxy(String host, int port) throws IOException {
		this.host = host;
		this.port = port;
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		start(this::accept, "proxy-accept");
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Stop or resume forwarding.
	 * @param frozen whether to stop
	 */
	void frozen(boolean frozen) {
		synchronized (this.monitor) {
			this.frozen = frozen;
			this.monitor.notifyAll();
		}
	}

	@Override
	public void close() throws IOException {
		frozen(false);
		this.serverSocket.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

	private void accept() {
		try {
			while (true) {
				Socket client = this.serverSocket.accept();
				Socket server = new Socket(this.host, this.port);
				this.sockets.add(client);
				this.sockets.add(server);
				start(() -> pump(client, server), "proxy-up");
				start(() -> pump(server, client), "proxy-down");
			}
		}
		catch (IOException ex) {
			// Closed.
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				awaitThaw();
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// Closed.
		}
		finally {
			try {
				from.close();
				to.close();
			}
			catch (IOException ex) {
				// Already closed.
			}
		}
	}

	private void awaitThaw() throws InterruptedException {
		synchronized (this.monitor) {
			while (this.frozen) {
				this.monitor.wait();
			}
		}
	}

	private static void start(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

}
