package dev.idempotency.sample.payments;

import java.util.Comparator;
import java.util.List;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every failure with an RFC 9457 problem ({@code application/problem+json}):
 * Spring MVC's own (unreadable JSON, a missing parameter, an unknown path) as Spring
 * words them, invalid fields with an {@code errors} list that points at each one, and
 * the application's own failures.
 */
@RestControllerAdvice
public class PaymentProblems extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail paymentNotFound(PaymentNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Payment not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail refundNotFound(RefundNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Refund not found", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail refundExceedsPayment(RefundExceedsPaymentException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Refund exceeds the payment", ex.getMessage());
		problem.setProperty("remainingCents", ex.getRemainingCents());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail cardGatewayFailed(CardGatewayException ex) {
		return problem(HttpStatus.BAD_GATEWAY, "Card gateway failure", ex.getMessage());
	}

	/**
	 * The database could not be reached, so nothing was stored (each write is one
	 * transaction, and a transaction that could not begin, commit or roll back stored
	 * nothing). Answered here because Spring MVC would otherwise take a database
	 * connection closed by the server (an {@code EOFException} under a
	 * {@link CannotCreateTransactionException}) for a client that went away, and answer
	 * {@code 200} with an empty body.
	 */
	@ExceptionHandler({ TransactionException.class, DataAccessResourceFailureException.class })
	ProblemDetail databaseUnavailable(Exception ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Payments database unavailable",
				"The payments database cannot be reached; nothing was stored. Retry later.");
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Each error names its field as a JSON Pointer into the request body, as in
		// RFC 9457's own example, so that a client can show it next to the field.
		List<InvalidField> errors = ex.getFieldErrors()
			.stream()
			.map((error) -> new InvalidField("#/" + error.getField(), error.getDefaultMessage()))
			.sorted(Comparator.comparing(InvalidField::pointer).thenComparing(InvalidField::detail))
			.toList();
		ex.getBody().setProperty("errors", errors);
		return super.handleMethodArgumentNotValid(ex, headers, status, request);
	}

	/**
	 * One invalid member of a request body.
	 *
	 * @param pointer where the member is, as a JSON Pointer fragment ({@code #/amountCents})
	 * @param detail what is wrong with it
	 */
	record InvalidField(String pointer, String detail) {

	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
