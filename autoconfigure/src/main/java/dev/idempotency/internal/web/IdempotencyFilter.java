package dev.idempotency.internal.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.idempotency.event.IdempotencyListener;
import dev.idempotency.event.IdempotencyListener.Outcome;
import dev.idempotency.fingerprint.FingerprintRequest;
import dev.idempotency.fingerprint.InvalidRequestBodyException;
import dev.idempotency.fingerprint.RequestFingerprinter;
import dev.idempotency.internal.web.BufferedRequest.BodyTooLargeException;
import dev.idempotency.internal.web.IdempotencyKeyParser.MalformedKeyException;
import dev.idempotency.internal.web.TransactionRunner.CommitFailedException;
import dev.idempotency.scope.IdempotencyScopeResolver;
import dev.idempotency.store.Fingerprint;
import dev.idempotency.store.IdempotencyStore;
import dev.idempotency.store.RecordKey;
import dev.idempotency.store.Reservation;
import dev.idempotency.store.ReservationRequest;
import dev.idempotency.store.ReservationResult;
import dev.idempotency.store.StoreUnavailableException;
import dev.idempotency.store.StoredResponse;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The idempotency filter. For a request to an {@code @Idempotent} handler it runs, in
 * order:
 * <ol>
 * <li>validate the key (400 if missing on a required endpoint or malformed);</li>
 * <li>buffer the body within the limit (413 beyond it, before any store work);</li>
 * <li>fingerprint the request (400 for JSON with duplicate member names);</li>
 * <li>reserve the key in the store (503 if the store cannot answer, unless
 * fail-open);</li>
 * <li>on a stored outcome: replay it, or 422 if the fingerprint differs;</li>
 * <li>while another request holds the key: 422 if the fingerprint differs, else wait up
 * to the endpoint's bound and then replay or 409;</li>
 * <li>with the key reserved: run the handler with its response held back, then store
 * the outcome (or release the key for released statuses and exceptions), and only then
 * send the response.</li>
 * </ol>
 */
public final class IdempotencyFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(IdempotencyFilter.class);

	private static final String EXECUTION_ATTRIBUTE = IdempotencyFilter.class.getName() + ".execution";

	private static final long STORE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

	private final FilterSettings settings;

	private final IdempotentHandlers handlers;

	private final IdempotencyStore store;

	private final RequestFingerprinter fingerprinter;

	private final IdempotencyScopeResolver scopeResolver;

	private final IdempotencyListener listener;

	private final TransactionRunner transactions;

	private final RequestObserver observer;

	private final IdempotencyKeyParser keyParser;

	private final ResponseHeaders responseHeaders;

	public IdempotencyFilter(FilterSettings settings, IdempotentHandlers handlers, IdempotencyStore store,
			RequestFingerprinter fingerprinter, IdempotencyScopeResolver scopeResolver, IdempotencyListener listener,
			TransactionRunner transactions, RequestObserver observer) {
		this.settings = settings;
		this.handlers = handlers;
		this.store = store;
		this.fingerprinter = fingerprinter;
		this.scopeResolver = scopeResolver;
		this.listener = listener;
		this.transactions = transactions;
		this.observer = observer;
		this.keyParser = new IdempotencyKeyParser(settings.maxKeyLength());
		this.responseHeaders = new ResponseHeaders(settings.excludedResponseHeaders());
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		// An async handler's outcome is known only after its async dispatch.
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isAsyncDispatch(request)) {
			Execution execution = (Execution) request.getAttribute(EXECUTION_ATTRIBUTE);
			if (execution != null) {
				continueAsync(execution, request, response, chain);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		if (!this.settings.methods().contains(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		ResolvedEndpoint endpoint = this.handlers.resolve(request);
		if (endpoint == null) {
			chain.doFilter(request, response);
			return;
		}
		handle(request, response, chain, endpoint);
	}

	private void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			ResolvedEndpoint endpoint) throws IOException, ServletException {
		Timer timer = new Timer(endpoint.name(), this.observer.start(endpoint.name()));
		EndpointPolicy policy = endpoint.policy();
		String key;
		try {
			key = this.keyParser.parse(request.getHeaders(this.settings.keyHeader()));
		}
		catch (MalformedKeyException ex) {
			reject(request, response, endpoint, timer, Problem.KEY_MALFORMED, ex.getMessage());
			return;
		}
		if (key == null) {
			if (policy.required()) {
				reject(request, response, endpoint, timer, Problem.KEY_MISSING, "This endpoint requires an "
						+ this.settings.keyHeader() + " header, so that retrying the request is safe.");
				return;
			}
			runHandler(timer, () -> chain.doFilter(request, response));
			done(timer, Outcome.UNPROTECTED);
			return;
		}
		BufferedRequest buffered;
		try {
			buffered = BufferedRequest.read(request, this.settings.maxRequestBody());
		}
		catch (BodyTooLargeException ex) {
			reject(request, response, endpoint, timer, Problem.BODY_TOO_LARGE,
					"The request body is larger than " + this.settings.maxRequestBody() + " bytes.");
			return;
		}
		catch (BufferedRequest.MalformedBodyException ex) {
			reject(request, response, endpoint, timer, Problem.BODY_INVALID, ex.getMessage());
			return;
		}
		Fingerprint fingerprint;
		try {
			fingerprint = this.fingerprinter.fingerprint(new FingerprintRequest(buffered, endpoint.routePattern(),
					buffered.body(), policy.ignoredJsonPointers()));
		}
		catch (InvalidRequestBodyException ex) {
			reject(request, response, endpoint, timer, Problem.BODY_INVALID, ex.getMessage());
			return;
		}
		RecordKey recordKey = new RecordKey(Scopes.normalize(this.scopeResolver.resolveScope(request)), key);
		ReservationRequest reservationRequest = new ReservationRequest(recordKey, fingerprint, endpoint.name(),
				policy.lease(), policy.ttl());
		ReservationResult result;
		try {
			result = reserve(reservationRequest, policy);
		}
		catch (StoreUnavailableException ex) {
			storeUnavailable(buffered, response, chain, endpoint, timer, recordKey, ex);
			return;
		}
		if (result instanceof ReservationResult.Reserved reserved) {
			if (reserved.takeover()) {
				this.listener.leaseTakenOver(endpoint.name());
				logger.info("Took over the expired lease of " + recordKey + " on " + endpoint.name());
			}
			execute(new Execution(buffered, endpoint, reserved.reservation(), timer), response, chain);
		}
		else if (result instanceof ReservationResult.Completed completed) {
			if (!completed.fingerprint().equals(fingerprint)) {
				mismatch(request, response, endpoint, timer);
				return;
			}
			done(timer, Outcome.REPLAYED);
			Replay.write(completed.response(), response, this.responseHeaders);
		}
		else if (result instanceof ReservationResult.InProgress inProgress) {
			if (!inProgress.fingerprint().equals(fingerprint)) {
				mismatch(request, response, endpoint, timer);
				return;
			}
			long retryAfter = Math.max(1, ceilSeconds(inProgress.leaseRemaining()));
			done(timer, Outcome.CONFLICT);
			Problem.REQUEST_IN_PROGRESS.write(request, response,
					"A request with this key is still being processed; retry after it completes.", retryAfter);
		}
	}

	/**
	 * Reserve, waiting up to the endpoint's bound while another request with the same
	 * fingerprint holds the key.
	 */
	private ReservationResult reserve(ReservationRequest request, EndpointPolicy policy) {
		ReservationResult result = this.store.reserve(request);
		if (policy.maxWait().isZero()) {
			return result;
		}
		long deadline = System.nanoTime() + policy.maxWait().toNanos();
		long pause = 20;
		while (result instanceof ReservationResult.InProgress inProgress
				&& inProgress.fingerprint().equals(request.fingerprint())) {
			long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
			if (remainingMillis <= 0) {
				break;
			}
			try {
				Thread.sleep(Math.min(pause, remainingMillis));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			pause = Math.min(pause * 2, 250);
			result = this.store.reserve(request);
		}
		return result;
	}

	private void execute(Execution execution, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		execution.captured = new CapturingResponse(response);
		if (execution.endpoint.policy().transactional()) {
			executeInTransaction(execution, chain);
			return;
		}
		try {
			runHandler(execution.timer, () -> chain.doFilter(execution.request, execution.captured));
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			releaseAfterFailure(execution, 0);
			failed(execution.timer, ex);
			throw ex;
		}
		if (execution.request.isAsyncStarted()) {
			awaitAsync(execution);
			return;
		}
		finish(execution);
	}

	private void executeInTransaction(Execution execution, FilterChain chain) throws IOException, ServletException {
		StoredResponse[] stored = new StoredResponse[1];
		boolean[] stale = new boolean[1];
		try {
			this.transactions.run((transaction) -> {
				runHandler(execution.timer, () -> chain.doFilter(execution.request, execution.captured));
				if (execution.request.isAsyncStarted()) {
					throw new IllegalStateException("Handler " + execution.endpoint.policy().handler()
							+ " started async processing, which cannot run in the idempotency transaction");
				}
				int status = execution.captured.getStatus();
				if (transaction.isRollbackOnly() || execution.endpoint.policy().releaseOn().contains(status)) {
					transaction.setRollbackOnly();
					return;
				}
				StoredResponse response = storable(execution);
				if (this.store.complete(execution.reservation, response, execution.endpoint.policy().ttl())) {
					stored[0] = response;
				}
				else {
					stale[0] = true;
					transaction.setRollbackOnly();
				}
			});
		}
		catch (CommitFailedException | StoreUnavailableException ex) {
			logger.warn("The transaction of " + execution.reservation.key() + " on " + execution.endpoint.name()
					+ " did not commit; its effects were rolled back: " + ex.getMessage());
			releaseQuietly(execution);
			done(execution.timer, Outcome.STORE_UNAVAILABLE);
			Problem.STORE_UNAVAILABLE.write(execution.request, execution.captured.abandon(),
					"The request's effects could not be committed together with its idempotency record and were rolled back; retry later.",
					STORE_UNAVAILABLE_RETRY_AFTER_SECONDS);
			return;
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			releaseAfterFailure(execution, 0);
			failed(execution.timer, ex);
			throw ex;
		}
		if (stale[0]) {
			this.listener.staleCompletion(execution.endpoint.name());
			logger.warn("Rolled back the transaction of " + execution.reservation.key() + " on "
					+ execution.endpoint.name() + ": its lease was taken over by a retry");
			done(execution.timer, Outcome.EXECUTED);
			Problem.LEASE_LOST.write(execution.request, execution.captured.abandon(),
					"This attempt ran past its lease and a retry took the key over; its effects were rolled back. Retry to get the outcome.",
					1);
			return;
		}
		if (stored[0] == null) {
			releaseQuietly(execution);
			this.listener.released(execution.endpoint.name(), execution.captured.getStatus());
		}
		done(execution.timer, Outcome.EXECUTED);
		deliver(execution);
	}

	private void finish(Execution execution) throws IOException {
		execution.finished = true;
		int status = execution.captured.getStatus();
		EndpointPolicy policy = execution.endpoint.policy();
		if (policy.releaseOn().contains(status)) {
			releaseQuietly(execution);
			this.listener.released(execution.endpoint.name(), status);
		}
		else {
			try {
				if (!this.store.complete(execution.reservation, storable(execution), policy.ttl())) {
					this.listener.staleCompletion(execution.endpoint.name());
					logger.warn("Did not store the outcome of " + execution.reservation.key() + " on "
							+ execution.endpoint.name()
							+ ": its lease was taken over by a retry or the record was evicted");
				}
			}
			catch (StoreUnavailableException ex) {
				logger.error("Could not store the outcome of " + execution.reservation.key() + " on "
						+ execution.endpoint.name() + "; a retry after the lease runs the handler again: "
						+ ex.getMessage());
			}
		}
		done(execution.timer, Outcome.EXECUTED);
		deliver(execution);
	}

	private void deliver(Execution execution) {
		try {
			execution.captured.deliver();
		}
		catch (IOException ex) {
			// The client went away; the outcome is stored and a retry gets it.
			logger.debug("Could not deliver the response of " + execution.reservation.key() + ": " + ex.getMessage());
		}
	}

	private StoredResponse storable(Execution execution) {
		CapturingResponse captured = execution.captured;
		Map<String, List<String>> headers = this.responseHeaders.storable(captured);
		ResponseHeaders.dropConnectionOptions(captured.getHeaders("Connection"), headers);
		if (captured.isError()) {
			headers.keySet().removeIf("Content-Type"::equalsIgnoreCase);
			return new StoredResponse(captured.getStatus(), headers, null, StoredResponse.BodyMode.ERROR_PAGE);
		}
		if (captured.bodySize() > this.settings.maxResponseBody()) {
			headers.keySet().removeIf("Content-Type"::equalsIgnoreCase);
			return new StoredResponse(captured.getStatus(), headers, null, StoredResponse.BodyMode.TOO_LARGE);
		}
		return StoredResponse.of(captured.getStatus(), headers, captured.bodyBytes());
	}

	private void awaitAsync(Execution execution) {
		execution.request.setAttribute(EXECUTION_ATTRIBUTE, execution);
		execution.request.getAsyncContext().addListener(new AsyncListener() {

			@Override
			public void onComplete(AsyncEvent event) {
				if (!execution.finished) {
					// Ended without a final dispatch (the client went away, or the
					// container gave up): no outcome to store, so free the key.
					execution.finished = true;
					releaseAfterFailure(execution, 0);
					done(execution.timer, Outcome.EXECUTED);
				}
			}

			@Override
			public void onTimeout(AsyncEvent event) {
			}

			@Override
			public void onError(AsyncEvent event) {
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
				event.getAsyncContext().addListener(this);
			}

		});
	}

	private void continueAsync(Execution execution, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		try {
			runHandler(execution.timer, () -> chain.doFilter(request, response));
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			execution.finished = true;
			releaseAfterFailure(execution, 0);
			failed(execution.timer, ex);
			throw ex;
		}
		if (request.isAsyncStarted()) {
			return;
		}
		request.removeAttribute(EXECUTION_ATTRIBUTE);
		finish(execution);
	}

	private void storeUnavailable(BufferedRequest request, HttpServletResponse response, FilterChain chain,
			ResolvedEndpoint endpoint, Timer timer, RecordKey key, StoreUnavailableException ex)
			throws IOException, ServletException {
		if (this.settings.failOpen()) {
			logger.warn("Idempotency store unavailable; running " + endpoint.name() + " for " + key
					+ " unprotected (fail-open): " + ex.getMessage());
			runHandler(timer, () -> chain.doFilter(request, response));
			done(timer, Outcome.FAIL_OPEN);
			return;
		}
		logger.warn("Idempotency store unavailable; answered 503 to " + endpoint.name() + ": " + ex.getMessage());
		done(timer, Outcome.STORE_UNAVAILABLE);
		Problem.STORE_UNAVAILABLE.write(request, response,
				"The idempotency store cannot be reached, so the request was not processed; retry later.",
				STORE_UNAVAILABLE_RETRY_AFTER_SECONDS);
	}

	private void mismatch(HttpServletRequest request, HttpServletResponse response, ResolvedEndpoint endpoint,
			Timer timer) throws IOException {
		done(timer, Outcome.MISMATCH);
		Problem.KEY_REUSED.write(request, response,
				"This Idempotency-Key was already used with a different request; use a new key for a new request.", 0);
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, ResolvedEndpoint endpoint,
			Timer timer, Problem problem, String detail) throws IOException {
		done(timer, Outcome.REJECTED);
		problem.write(request, response, detail, 0);
	}

	private void releaseAfterFailure(Execution execution, int status) {
		releaseQuietly(execution);
		this.listener.released(execution.endpoint.name(), status);
	}

	private void releaseQuietly(Execution execution) {
		try {
			this.store.release(execution.reservation);
		}
		catch (StoreUnavailableException ex) {
			logger.warn("Could not release " + execution.reservation.key()
					+ "; it frees itself when its lease runs out: " + ex.getMessage());
		}
	}

	/**
	 * Run the handler inside the request's observation, keeping its time out of the
	 * starter's overhead.
	 */
	private static void runHandler(Timer timer, HandlerCall call) throws IOException, ServletException {
		timer.pauseForHandler();
		RequestObserver.Scope scope = timer.observed.openScope();
		try {
			call.run();
		}
		finally {
			scope.close();
			timer.resume();
		}
	}

	/**
	 * Report the outcome. Called before the response is written, since the container
	 * may send a response as soon as its declared length has been written.
	 */
	private void done(Timer timer, Outcome outcome) {
		this.listener.requestHandled(timer.endpoint, outcome, timer.overhead());
		timer.observed.stop(outcome);
	}

	private void failed(Timer timer, Throwable error) {
		timer.observed.error(error);
		done(timer, Outcome.EXECUTED);
	}

	@FunctionalInterface
	private interface HandlerCall {

		void run() throws IOException, ServletException;

	}

	private static long ceilSeconds(Duration duration) {
		long millis = duration.toMillis();
		return (millis + 999) / 1000;
	}

	/**
	 * One reserved request on its way through the handler.
	 */
	private static final class Execution {

		final BufferedRequest request;

		final ResolvedEndpoint endpoint;

		final Reservation reservation;

		final Timer timer;

		CapturingResponse captured;

		volatile boolean finished;

		Execution(BufferedRequest request, ResolvedEndpoint endpoint, Reservation reservation, Timer timer) {
			this.request = request;
			this.endpoint = endpoint;
			this.reservation = reservation;
			this.timer = timer;
		}

	}

	/**
	 * Measures the starter's own time on a request (wall time minus the handler's) and
	 * carries the request's observation.
	 */
	private static final class Timer {

		private final long start = System.nanoTime();

		final String endpoint;

		final RequestObserver.Observed observed;

		private long handlerNanos;

		private long pausedAt;

		Timer(String endpoint, RequestObserver.Observed observed) {
			this.endpoint = endpoint;
			this.observed = observed;
		}

		void pauseForHandler() {
			this.pausedAt = System.nanoTime();
		}

		void resume() {
			if (this.pausedAt != 0) {
				this.handlerNanos += System.nanoTime() - this.pausedAt;
				this.pausedAt = 0;
			}
		}

		Duration overhead() {
			return Duration.ofNanos(Math.max(0, System.nanoTime() - this.start - this.handlerNanos));
		}

	}

}
