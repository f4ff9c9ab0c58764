package dev.idempotency.internal.store.jdbc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.idempotency.store.StoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes expired idempotency records from the database on a schedule, on one daemon
 * thread. Expired records already behave as absent; deleting them only keeps the table
 * small. A record in flight whose lease still runs is never deleted.
 * <p>
 * Each run deletes in batches (one statement deletes at most {@code batchSize} rows, so
 * none holds locks for long) until a batch comes back short. On PostgreSQL a batch skips
 * rows that others have locked, so instances reaping at the same time do not wait on each
 * other.
 */
public final class JdbcRecordReaper implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JdbcRecordReaper.class);

	private final JdbcIdempotencyStore store;

	private final Duration interval;

	private final int batchSize;

	private final Object monitor = new Object();

	private ScheduledExecutorService executor;

	/**
	 * Create a reaper.
	 * @param store the store whose table to reap
	 * @param interval how long between two runs
	 * @param batchSize the most rows one statement deletes
	 */
	public JdbcRecordReaper(JdbcIdempotencyStore store, Duration interval, int batchSize) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("The reaper's interval must be positive, not " + interval);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("The reaper's batch size must be positive, not " + batchSize);
		}
		this.store = store;
		this.interval = interval;
		this.batchSize = batchSize;
	}

	/**
	 * Delete the expired records now, batch after batch, until a batch comes back short.
	 * @return how many records were deleted
	 * @throws StoreUnavailableException if the database fails
	 */
	public int reap() {
		int total = 0;
		int deleted;
		do {
			deleted = this.store.deleteExpired(this.batchSize);
			total += deleted;
		}
		while (deleted >= this.batchSize && !Thread.currentThread().isInterrupted());
		return total;
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.executor != null) {
				return;
			}
			this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "idempotency-reaper");
				thread.setDaemon(true);
				return thread;
			});
			long millis = this.interval.toMillis();
			this.executor.scheduleWithFixedDelay(this::reapQuietly, millis, millis, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor;
		synchronized (this.monitor) {
			executor = this.executor;
			this.executor = null;
		}
		if (executor != null) {
			executor.shutdownNow();
			try {
				executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.executor != null;
		}
	}

	private void reapQuietly() {
		try {
			int deleted = reap();
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " expired idempotency records");
			}
		}
		catch (RuntimeException ex) {
			// A failed run must not end the schedule: the next run tries again.
			logger.warn("Could not delete expired idempotency records; retrying in " + this.interval + ": "
					+ ex.getMessage());
		}
	}

}
