package dev.idempotency.internal.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.idempotency.benchmarks.jmh.JmhSettings;
import dev.idempotency.benchmarks.jmh.JsonBodies;
import dev.idempotency.store.StoredResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A 1 KiB JSON response held back, stored and sent on ({@code capture}), and written
 * from the store to a retry ({@code replay}).
 */
@State(Scope.Thread)
public class ResponseCaptureBenchmark extends JmhSettings {

	private static final int MAX_RESPONSE_BODY = 1024 * 1024;

	private final ResponseHeaders responseHeaders = new ResponseHeaders(List.of());

	// One response, reset per call, as a container recycles its response objects.
	private final RecycledResponse response = new RecycledResponse();

	private byte[] body;

	private StoredResponse stored;

	@Setup
	public void setUp() throws IOException {
		this.body = JsonBodies.payment(1024);
		this.stored = capture();
	}

	@Benchmark
	public StoredResponse capture() throws IOException {
		RecycledResponse target = recycledResponse();
		CapturingResponse captured = new CapturingResponse(target);
		// What a controller and Spring MVC's message converter do to the response.
		captured.setStatus(201);
		captured.setHeader("Location", "/payments/pay_7Hq2KxN4");
		captured.setHeader("Cache-Control", "no-store");
		captured.addHeader("Vary", "Origin");
		captured.addHeader("Vary", "Accept");
		captured.setContentType("application/json");
		captured.getOutputStream().write(this.body, 0, 512);
		captured.getOutputStream().write(this.body, 512, this.body.length - 512);
		captured.flushBuffer();
		StoredResponse stored = storable(captured);
		captured.deliver();
		return stored;
	}

	@Benchmark
	public HttpServletResponse replay() throws IOException {
		RecycledResponse target = recycledResponse();
		Replay.write(this.stored, target, this.responseHeaders);
		return target;
	}

	private RecycledResponse recycledResponse() {
		this.response.setCommitted(false);
		this.response.reset();
		return this.response;
	}

	/**
	 * A mock response whose body is written in bulk, as a container's is: the mock's own
	 * stream writes an array byte by byte, checking its buffer after each, which would
	 * cost more than everything measured here.
	 */
	static final class RecycledResponse extends MockHttpServletResponse {

		private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);

		private final ServletOutputStream outputStream = new ServletOutputStream() {

			@Override
			public void write(int b) {
				RecycledResponse.this.body.write(b);
			}

			@Override
			public void write(byte[] b, int off, int len) {
				RecycledResponse.this.body.write(b, off, len);
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
				throw new UnsupportedOperationException();
			}

		};

		@Override
		public ServletOutputStream getOutputStream() {
			return this.outputStream;
		}

		@Override
		public void reset() {
			super.reset();
			this.body.reset();
		}

	}

	// As IdempotencyFilter.storable builds the record of a handler's response.
	private StoredResponse storable(CapturingResponse captured) {
		Map<String, List<String>> headers = this.responseHeaders.storable(captured);
		ResponseHeaders.dropConnectionOptions(captured.getHeaders("Connection"), headers);
		if (captured.isError()) {
			headers.keySet().removeIf("Content-Type"::equalsIgnoreCase);
			return new StoredResponse(captured.getStatus(), headers, null, StoredResponse.BodyMode.ERROR_PAGE);
		}
		if (captured.bodySize() > MAX_RESPONSE_BODY) {
			headers.keySet().removeIf("Content-Type"::equalsIgnoreCase);
			return new StoredResponse(captured.getStatus(), headers, null, StoredResponse.BodyMode.TOO_LARGE);
		}
		return StoredResponse.of(captured.getStatus(), headers, captured.bodyBytes());
	}

}
