package dev.idempotency.internal.store.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.idempotency.store.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Runs the store's scripts on the native asynchronous Lettuce connection of the
 * application's {@link LettuceConnectionFactory}, waiting for each at most the store's
 * own timeout, whatever timeouts the factory has.
 * <p>
 * Connecting can take much longer than a command (a refused or unanswered connection
 * waits for the factory's connect timeout), so the connection is obtained on a
 * background thread, one attempt at a time (the first as soon as the runner is created,
 * if the factory is running), and callers wait for it only until their deadline. Scripts are sent with {@code EVALSHA} and, where Redis does not know them
 * yet, with {@code EVAL}, within the same deadline. A command that times out is
 * cancelled, so Lettuce does not send it later if it is still queued.
 */
final class LettuceScriptRunner implements AutoCloseable {

	private static final Executor CONNECTOR = (task) -> {
		Thread thread = new Thread(task, "idempotency-redis-connect");
		thread.setDaemon(true);
		thread.start();
	};

	private final LettuceConnectionFactory connectionFactory;

	private final Duration timeout;

	private final Object monitor = new Object();

	private CompletableFuture<NativeConnection> connection;

	private boolean closed;

	LettuceScriptRunner(LettuceConnectionFactory connectionFactory, Duration timeout) {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("The Redis timeout must be positive, not " + timeout);
		}
		this.connectionFactory = connectionFactory;
		this.timeout = timeout;
		if (connectionFactory.isRunning()) {
			// The first connection of a JVM takes long (Netty starts up); starting it now
			// spares the first requests from failing on it. A factory that is not running
			// yet is connected on first use instead.
			this.connection = CompletableFuture.supplyAsync(this::connect, CONNECTOR);
		}
	}

	/**
	 * Run a script on one key.
	 * @param <T> the type of the answer
	 * @param script the script
	 * @param outputType how Lettuce reads the answer
	 * @param key the one key the script touches
	 * @param args the script's arguments
	 * @return the answer
	 * @throws StoreUnavailableException if Redis did not answer in time, could not be
	 * reached, or answered with an error
	 */
	<T> T run(StoreScript script, ScriptOutputType outputType, byte[] key, byte[]... args) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		NativeConnection connection = connection(deadline);
		byte[][] keys = { key };
		try {
			try {
				return await(connection.commands().evalsha(script.sha1(), outputType, keys, args), deadline);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof RedisNoScriptException)) {
					throw ex;
				}
				return await(connection.commands().eval(script.source(), outputType, keys, args), deadline);
			}
		}
		catch (TimeoutException ex) {
			throw new StoreUnavailableException(
					"Redis did not answer the " + name(script) + " script within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("Interrupted while waiting for Redis", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (!(cause instanceof RedisCommandExecutionException)) {
				discard(connection);
			}
			throw new StoreUnavailableException("Redis failed the " + name(script) + " script: " + cause, cause);
		}
		catch (RuntimeException ex) {
			// Thrown while dispatching, such as for a connection that was closed.
			discard(connection);
			throw new StoreUnavailableException("Redis refused the " + name(script) + " script: " + ex, ex);
		}
	}

	@Override
	public void close() {
		CompletableFuture<NativeConnection> current;
		synchronized (this.monitor) {
			this.closed = true;
			current = this.connection;
			this.connection = null;
		}
		if (current != null) {
			current.thenAccept(NativeConnection::close);
		}
	}

	private NativeConnection connection(long deadline) {
		CompletableFuture<NativeConnection> current;
		synchronized (this.monitor) {
			if (this.closed) {
				throw new StoreUnavailableException("The Redis idempotency store is closed");
			}
			current = this.connection;
			if (current == null || current.isCompletedExceptionally()) {
				current = CompletableFuture.supplyAsync(this::connect, CONNECTOR);
				this.connection = current;
			}
		}
		try {
			// Not cancelled on timeout: the attempt goes on for the callers after this one.
			return current.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new StoreUnavailableException(
					"Could not connect to Redis within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("Interrupted while connecting to Redis", ex);
		}
		catch (ExecutionException ex) {
			throw new StoreUnavailableException("Could not connect to Redis: " + ex.getCause(), ex.getCause());
		}
	}

	private NativeConnection connect() {
		RedisConnection connection = this.connectionFactory.getConnection();
		try {
			return new NativeConnection(connection, ((LettuceConnection) connection).getNativeConnection());
		}
		catch (RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	private void discard(NativeConnection failed) {
		CompletableFuture<NativeConnection> current;
		synchronized (this.monitor) {
			current = this.connection;
			if (current == null || !current.isDone() || current.isCompletedExceptionally()
					|| current.join() != failed) {
				return;
			}
			this.connection = null;
		}
		failed.close();
	}

	private static <T> T await(Future<T> future, long deadline)
			throws ExecutionException, TimeoutException, InterruptedException {
		try {
			return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | InterruptedException ex) {
			future.cancel(false);
			throw ex;
		}
	}

	private static String name(StoreScript script) {
		return script.name().toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * A connection from the factory and its native asynchronous commands. With the
	 * factory's shared native connection (its default), closing it leaves the shared
	 * connection open for the application.
	 */
	private record NativeConnection(RedisConnection connection, RedisClusterAsyncCommands<byte[], byte[]> commands) {

		void close() {
			try {
				this.connection.close();
			}
			catch (RuntimeException ex) {
				// Nothing is left to do with a connection that fails to close.
			}
		}

	}

}
