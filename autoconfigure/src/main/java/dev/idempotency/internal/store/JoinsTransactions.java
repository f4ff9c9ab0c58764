package dev.idempotency.internal.store;

/**
 * Marks a store whose {@code complete} joins the caller's Spring-managed transaction on
 * the store's {@code DataSource}, which transactional mode relies on.
 */
public interface JoinsTransactions {

}
