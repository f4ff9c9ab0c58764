package dev.idempotency.internal.web;

import java.io.IOException;

import jakarta.servlet.ServletException;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * {@link TransactionRunner} on a Spring {@link PlatformTransactionManager}: the
 * handler's own {@code @Transactional} methods join the transaction.
 */
public final class SpringTransactionRunner implements TransactionRunner {

	private final PlatformTransactionManager transactionManager;

	private final TransactionDefinition definition;

	public SpringTransactionRunner(PlatformTransactionManager transactionManager) {
		this.transactionManager = transactionManager;
		DefaultTransactionDefinition definition = new DefaultTransactionDefinition(
				TransactionDefinition.PROPAGATION_REQUIRED);
		definition.setName("idempotency");
		this.definition = definition;
	}

	@Override
	public void run(TransactionalWork work) throws IOException, ServletException {
		TransactionStatus status;
		try {
			status = this.transactionManager.getTransaction(this.definition);
		}
		catch (TransactionException ex) {
			// Such as a database that cannot be reached for a connection: the handler has
			// not run, and the store's database cannot be asked.
			throw new CommitFailedException("The handler's transaction could not begin", ex);
		}
		try {
			work.run(new Transaction() {

				@Override
				public boolean isRollbackOnly() {
					return status.isRollbackOnly();
				}

				@Override
				public void setRollbackOnly() {
					status.setRollbackOnly();
				}

			});
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			rollbackQuietly(status, ex);
			throw ex;
		}
		try {
			if (status.isRollbackOnly()) {
				this.transactionManager.rollback(status);
			}
			else {
				this.transactionManager.commit(status);
			}
		}
		catch (TransactionException ex) {
			throw new CommitFailedException("The handler's transaction did not commit", ex);
		}
	}

	private void rollbackQuietly(TransactionStatus status, Throwable cause) {
		try {
			this.transactionManager.rollback(status);
		}
		catch (RuntimeException ex) {
			cause.addSuppressed(ex);
		}
	}

}
