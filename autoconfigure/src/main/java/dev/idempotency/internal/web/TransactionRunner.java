package dev.idempotency.internal.web;

import java.io.IOException;

import jakarta.servlet.ServletException;

/**
 * Runs a handler inside a transaction of the store's database, for endpoints in
 * transactional mode. Kept apart from the filter so the filter does not need
 * {@code spring-tx} on the classpath.
 */
public interface TransactionRunner {

	/**
	 * Run work in a new transaction (or join the current one) and commit it, unless the
	 * work or a participant marked it rollback-only, or the work threw.
	 * @param work the work
	 * @throws IOException if the work threw it
	 * @throws ServletException if the work threw it
	 * @throws CommitFailedException if the transaction could not begin (the work did not
	 * run) or the commit failed; nothing was committed
	 */
	void run(TransactionalWork work) throws IOException, ServletException;

	/**
	 * Work that runs in the transaction.
	 */
	@FunctionalInterface
	interface TransactionalWork {

		/**
		 * Do the work.
		 * @param transaction the running transaction
		 * @throws IOException to roll back
		 * @throws ServletException to roll back
		 */
		void run(Transaction transaction) throws IOException, ServletException;

	}

	/**
	 * The running transaction.
	 */
	interface Transaction {

		/**
		 * Whether the transaction will roll back, because a participant (such as a
		 * {@code @Transactional} method that threw) asked for it.
		 * @return whether it is rollback-only
		 */
		boolean isRollbackOnly();

		/**
		 * Make the transaction roll back.
		 */
		void setRollbackOnly();

	}

	/**
	 * The transaction did not commit, although the work asked it to, or could not begin.
	 */
	final class CommitFailedException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		public CommitFailedException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
