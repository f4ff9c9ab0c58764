package dev.idempotency.internal.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Holds a handler's response back from the client until its outcome is stored: the body
 * is buffered, flushes are ignored, and {@code sendError} is recorded rather than
 * committed. Headers go to the real response as usual; nothing is sent until
 * {@link #deliver()}.
 */
final class CapturingResponse extends HttpServletResponseWrapper {

	private final Body body = new Body();

	private PrintWriter writer;

	private ServletOutputStream outputStream;

	private int errorStatus;

	private String errorMessage;

	private boolean delivered;

	CapturingResponse(HttpServletResponse response) {
		super(response);
	}

	/**
	 * The status the handler set, or the one it passed to {@code sendError}.
	 * @return the status
	 */
	@Override
	public int getStatus() {
		return (this.errorStatus != 0) ? this.errorStatus : super.getStatus();
	}

	boolean isError() {
		return this.errorStatus != 0;
	}

	/**
	 * The buffered body, with any pending writer output flushed into it.
	 * @return the body bytes
	 */
	byte[] bodyBytes() {
		flushWriter();
		return this.body.toByteArray();
	}

	int bodySize() {
		flushWriter();
		return this.body.size();
	}

	/**
	 * Send the held response to the client.
	 * @throws IOException if the client is gone
	 */
	void deliver() throws IOException {
		if (this.delivered) {
			return;
		}
		this.delivered = true;
		HttpServletResponse response = (HttpServletResponse) getResponse();
		if (this.errorStatus != 0) {
			if (this.errorMessage != null) {
				response.sendError(this.errorStatus, this.errorMessage);
			}
			else {
				response.sendError(this.errorStatus);
			}
			return;
		}
		flushWriter();
		response.setContentLength(this.body.size());
		if (this.body.size() > 0) {
			this.body.writeTo(response.getOutputStream());
		}
		// Not flushed: the container finishes the response when the filter returns.
	}

	/**
	 * Drop the held response (status, headers and body) so that another response can be
	 * written instead.
	 * @return the real response, reset
	 */
	HttpServletResponse abandon() {
		this.body.reset();
		this.delivered = true;
		this.errorStatus = 0;
		HttpServletResponse response = (HttpServletResponse) getResponse();
		response.reset();
		return response;
	}

	private void flushWriter() {
		if (this.writer != null) {
			this.writer.flush();
		}
	}

	@Override
	public ServletOutputStream getOutputStream() {
		if (this.writer != null) {
			throw new IllegalStateException("getWriter() has already been called");
		}
		if (this.outputStream == null) {
			this.outputStream = new CapturingOutputStream();
		}
		return this.outputStream;
	}

	@Override
	public PrintWriter getWriter() {
		if (this.outputStream != null) {
			throw new IllegalStateException("getOutputStream() has already been called");
		}
		if (this.writer == null) {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			this.writer = new PrintWriter(new OutputStreamWriter(this.body, charset));
		}
		return this.writer;
	}

	@Override
	public void flushBuffer() {
		// Held until the outcome is stored.
		flushWriter();
	}

	@Override
	public boolean isCommitted() {
		return this.errorStatus != 0 || super.isCommitted();
	}

	@Override
	public void setContentLength(int len) {
		// Recomputed on delivery.
	}

	@Override
	public void setContentLengthLong(long len) {
		// Recomputed on delivery.
	}

	@Override
	public void setHeader(String name, String value) {
		if (!"Content-Length".equalsIgnoreCase(name)) {
			super.setHeader(name, value);
		}
	}

	@Override
	public void addHeader(String name, String value) {
		if (!"Content-Length".equalsIgnoreCase(name)) {
			super.addHeader(name, value);
		}
	}

	@Override
	public void setIntHeader(String name, int value) {
		if (!"Content-Length".equalsIgnoreCase(name)) {
			super.setIntHeader(name, value);
		}
	}

	@Override
	public void addIntHeader(String name, int value) {
		if (!"Content-Length".equalsIgnoreCase(name)) {
			super.addIntHeader(name, value);
		}
	}

	@Override
	public void setBufferSize(int size) {
		// The whole body is held anyway.
	}

	@Override
	public void resetBuffer() {
		checkNotCommitted();
		// Text the writer still buffers belongs to the body being dropped.
		flushWriter();
		this.body.reset();
	}

	@Override
	public void reset() {
		checkNotCommitted();
		super.reset();
		flushWriter();
		this.body.reset();
		this.writer = null;
		this.outputStream = null;
	}

	@Override
	public void sendError(int sc) throws IOException {
		sendError(sc, null);
	}

	@Override
	public void sendError(int sc, String msg) throws IOException {
		checkNotCommitted();
		this.body.reset();
		this.errorStatus = sc;
		this.errorMessage = msg;
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		sendRedirect(location, HttpServletResponse.SC_FOUND, true);
	}

	// The wrapper would pass these two straight to the real response and commit it.

	@Override
	public void sendRedirect(String location, int sc) throws IOException {
		sendRedirect(location, sc, true);
	}

	@Override
	public void sendRedirect(String location, boolean clearBuffer) throws IOException {
		sendRedirect(location, HttpServletResponse.SC_FOUND, clearBuffer);
	}

	@Override
	public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
		checkNotCommitted();
		if (clearBuffer) {
			this.body.reset();
		}
		super.setStatus(sc);
		super.setHeader("Location", location);
	}

	private void checkNotCommitted() {
		if (isCommitted()) {
			throw new IllegalStateException("The response has already been committed");
		}
	}

	private static final class Body extends ByteArrayOutputStream {

		Body() {
			super(1024);
		}

	}

	private final class CapturingOutputStream extends ServletOutputStream {

		@Override
		public void write(int b) {
			if (!isError()) {
				CapturingResponse.this.body.write(b);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) {
			if (!isError()) {
				CapturingResponse.this.body.write(b, off, len);
			}
		}

		@Override
		public void flush() {
			// Held until the outcome is stored.
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			throw new UnsupportedOperationException("Non-blocking writes are not supported on @Idempotent endpoints");
		}

	}

}
