package dev.idempotency.internal.store.jdbc;

/**
 * The JDBC store's table cannot be used: it is missing and may not be created, or it
 * cannot be created. The message says what is wrong and what to do; both parts are also
 * available apart, for a failure analyzer.
 */
public class JdbcSchemaException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String description;

	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong
	 * @param action what to do about it
	 * @param cause the underlying failure, or {@code null}
	 */
	public JdbcSchemaException(String description, String action, Throwable cause) {
		super(description + " Action: " + action, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * What is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
