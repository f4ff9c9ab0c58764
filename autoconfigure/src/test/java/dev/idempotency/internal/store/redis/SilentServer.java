package dev.idempotency.internal.store.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server that accepts connections and never answers: a Redis that hangs.
 */
final class SilentServer implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	/**
	 * Start listening on a free loopback port.
	 * @throws IOException if no port can be had
	 */
	SilentServer() throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "silent-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * How many connections were accepted.
	 * @return the count
	 */
	int connections() {
		return this.accepted.size();
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

	private void accept() {
		try {
			while (true) {
				this.accepted.add(this.serverSocket.accept());
			}
		}
		catch (IOException ex) {
			// Closed.
		}
	}

}
