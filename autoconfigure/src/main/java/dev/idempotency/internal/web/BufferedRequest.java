package dev.idempotency.internal.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import dev.idempotency.internal.fingerprint.FormFields;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;

import org.springframework.http.MediaType;

/**
 * A request whose body was read into memory (within the configured limit), so it can
 * be fingerprinted and then read again by the handler.
 */
final class BufferedRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private final boolean parametersParsedEarlier;

	private final boolean multipart;

	private Map<String, String[]> parameters;

	private BufferedRequest(HttpServletRequest request, byte[] body, boolean parametersParsedEarlier) {
		this(request, body, parametersParsedEarlier, false);
	}

	private BufferedRequest(HttpServletRequest request, byte[] body, boolean parametersParsedEarlier,
			boolean multipart) {
		super(request);
		this.body = body;
		this.parametersParsedEarlier = parametersParsedEarlier;
		this.multipart = multipart;
	}

	/**
	 * Whether the body is {@code multipart/form-data}, parsed into parts by the container
	 * rather than buffered here (the parts are what the fingerprint hashes, so a client
	 * that picks a new boundary for a retry still sends the same request).
	 * @return whether the request is multipart
	 */
	boolean isMultipart() {
		return this.multipart;
	}

	/**
	 * Read the body of a request, refusing one larger than {@code maxBytes} without
	 * reading past the limit.
	 * @param request the request
	 * @param maxBytes the limit
	 * @return the buffered request
	 * @throws BodyTooLargeException if the body is larger than the limit
	 * @throws IOException if reading fails
	 */
	static BufferedRequest read(HttpServletRequest request, long maxBytes) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			throw new BodyTooLargeException();
		}
		if (isMultipartFormData(request.getContentType())) {
			BufferedRequest parsed = parts(request, maxBytes);
			if (parsed != null) {
				return parsed;
			}
		}
		int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
		// Sized to the declared length, so that the usual body is read without a copy.
		byte[] buffer = new byte[(int) Math.min((declared >= 0) ? declared : 256, limit + 1L)];
		int size = 0;
		InputStream in = request.getInputStream();
		while (true) {
			if (size == buffer.length) {
				// Look for the end before growing: a body of its declared length ends here.
				int next = in.read();
				if (next < 0) {
					break;
				}
				if (size >= limit) {
					throw new BodyTooLargeException();
				}
				buffer = java.util.Arrays.copyOf(buffer, (int) Math.min(Math.max((long) size * 2, 256), limit + 1L));
				buffer[size++] = (byte) next;
				continue;
			}
			int read = in.read(buffer, size, buffer.length - size);
			if (read < 0) {
				break;
			}
			size += read;
			if (size > limit) {
				throw new BodyTooLargeException();
			}
		}
		byte[] body = (size == buffer.length) ? buffer : java.util.Arrays.copyOf(buffer, size);
		// A declared length of -1 (chunked) may hide a parsed body as well as a positive one.
		if (size == 0 && declared != 0 && isForm(request.getContentType())) {
			byte[] form = formBodyParsedEarlier(request);
			if (form.length > maxBytes) {
				throw new BodyTooLargeException();
			}
			return new BufferedRequest(request, form, true);
		}
		return new BufferedRequest(request, body, false);
	}

	/**
	 * Let the container parse a multipart body into parts (it spools large parts to disk,
	 * so memory stays bounded) and check their total size.
	 * @return the request, or {@code null} if the application has no multipart support
	 * (the body is then buffered as bytes)
	 */
	private static BufferedRequest parts(HttpServletRequest request, long maxBytes) throws IOException {
		long total = 0;
		try {
			for (Part part : request.getParts()) {
				total += part.getSize();
			}
		}
		catch (IllegalStateException ex) {
			if (isSizeLimit(ex)) {
				throw new BodyTooLargeException();
			}
			return null;
		}
		catch (ServletException ex) {
			throw new MalformedBodyException("The multipart body cannot be parsed.");
		}
		if (total > maxBytes) {
			throw new BodyTooLargeException();
		}
		return new BufferedRequest(request, new byte[0], false, true);
	}

	private static boolean isSizeLimit(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getSimpleName().contains("LimitExceeded")) {
				return true;
			}
		}
		return false;
	}

	private static boolean isMultipartFormData(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * An earlier filter asked for a parameter, so the container parsed the form body and
	 * the stream is spent. Rebuild the body from the parameters that did not come from
	 * the query string (the container lists query values first).
	 */
	private static byte[] formBodyParsedEarlier(HttpServletRequest request) {
		Map<String, Integer> fromQuery = new java.util.HashMap<>();
		try {
			for (Map.Entry<String, String> pair : FormFields.decode(request.getQueryString(), StandardCharsets.UTF_8)) {
				fromQuery.merge(pair.getKey(), 1, Integer::sum);
			}
		}
		catch (IllegalArgumentException ex) {
			// Undecodable query: count nothing as coming from it.
		}
		// Encoded in the request's charset, as the client sent it, so that whoever decodes
		// the body by its media type reads the parameters back.
		Charset charset = (request.getCharacterEncoding() != null) ? Charset.forName(request.getCharacterEncoding())
				: StandardCharsets.UTF_8;
		StringBuilder form = new StringBuilder();
		request.getParameterMap().forEach((name, values) -> {
			for (int i = fromQuery.getOrDefault(name, 0); i < values.length; i++) {
				if (!form.isEmpty()) {
					form.append('&');
				}
				form.append(java.net.URLEncoder.encode(name, charset))
					.append('=')
					.append(java.net.URLEncoder.encode(values[i], charset));
			}
		});
		return form.toString().getBytes(StandardCharsets.US_ASCII);
	}

	byte[] body() {
		return this.body;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		return this.multipart ? super.getInputStream() : new BodyInputStream(this.body);
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.multipart) {
			return super.getReader();
		}
		String encoding = getCharacterEncoding();
		Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
		return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(this.body), charset));
	}

	@Override
	public int getContentLength() {
		return this.multipart ? super.getContentLength() : this.body.length;
	}

	@Override
	public long getContentLengthLong() {
		return this.multipart ? super.getContentLengthLong() : this.body.length;
	}

	// The container parses form parameters from the stream this wrapper consumed, so
	// form requests answer parameter queries from the buffered body instead.

	@Override
	public String getParameter(String name) {
		String[] values = parameters().get(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return parameters();
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters().keySet());
	}

	@Override
	public String[] getParameterValues(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values.clone() : null;
	}

	private Map<String, String[]> parameters() {
		Map<String, String[]> result = this.parameters;
		if (result == null) {
			result = (isForm() && !this.parametersParsedEarlier && !this.multipart) ? formParameters()
					: super.getParameterMap();
			this.parameters = result;
		}
		return result;
	}

	private boolean isForm() {
		return isForm(getContentType());
	}

	private static boolean isForm(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private Map<String, String[]> formParameters() {
		Charset charset = (getCharacterEncoding() != null) ? Charset.forName(getCharacterEncoding())
				: StandardCharsets.UTF_8;
		try {
			List<Map.Entry<String, String>> pairs = new java.util.ArrayList<>(
					FormFields.decode(getQueryString(), StandardCharsets.UTF_8));
			pairs.addAll(FormFields.decode(new String(this.body, charset), charset));
			return Collections.unmodifiableMap(FormFields.toParameterMap(pairs));
		}
		catch (IllegalArgumentException ex) {
			return Collections.emptyMap();
		}
	}

	/**
	 * The request body cannot be read as the content type it declares.
	 */
	static final class MalformedBodyException extends IOException {

		private static final long serialVersionUID = 1L;

		MalformedBodyException(String message) {
			super(message, null);
		}

	}

	/**
	 * The request body exceeds the limit.
	 */
	static final class BodyTooLargeException extends IOException {

		private static final long serialVersionUID = 1L;

		BodyTooLargeException() {
			super("Request body too large", null);
		}

	}

	private static final class BodyInputStream extends ServletInputStream {

		private final ByteArrayInputStream in;

		BodyInputStream(byte[] body) {
			this.in = new ByteArrayInputStream(body);
		}

		@Override
		public int read() {
			return this.in.read();
		}

		@Override
		public int read(byte[] b, int off, int len) {
			return this.in.read(b, off, len);
		}

		@Override
		public byte[] readAllBytes() {
			return this.in.readAllBytes();
		}

		@Override
		public int available() {
			return this.in.available();
		}

		@Override
		public boolean isFinished() {
			return this.in.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("The body is already buffered; read it synchronously");
		}

	}

}
