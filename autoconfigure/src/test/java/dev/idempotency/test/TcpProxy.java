package dev.idempotency.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local TCP proxy to a real server, through which tests make the server misbehave
 * without touching it (other test runs share it):
 * <ul>
 * <li>frozen: connections stay open and nothing is forwarded, like a server that stopped
 * answering mid-session;</li>
 * <li>down: every connection is dropped and new ones are closed at once, like a server
 * that is gone.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {

	private final String host;

	private final int port;

	private final ServerSocket serverSocket;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object monitor = new Object();

	private boolean frozen;

	private volatile boolean down;

	/**
	 * Start forwarding from a free loopback port.
	 * @param host the server's host
	 * @param port the server's port
	 * @throws IOException if no port can be had
	 */
	public TcpProxy(String host, int port) throws IOException {
		this.host = host;
		this.port = port;
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		start(this::accept, "proxy-accept");
	}

	/**
	 * The port clients connect to.
	 * @return the local port
	 */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Stop or resume forwarding.
	 * @param frozen whether to stop
	 */
	public void frozen(boolean frozen) {
		synchronized (this.monitor) {
			this.frozen = frozen;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Take the server away (drop every connection and refuse new ones), or bring it back.
	 * @param down whether the server is gone
	 */
	public void down(boolean down) {
		this.down = down;
		if (down) {
			dropConnections();
		}
	}

	private void dropConnections() {
		for (Socket socket : this.sockets) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Already closed.
			}
		}
		this.sockets.clear();
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
				if (this.down) {
					client.close();
					continue;
				}
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
