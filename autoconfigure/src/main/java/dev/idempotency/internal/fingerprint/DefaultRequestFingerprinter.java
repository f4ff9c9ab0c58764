package dev.idempotency.internal.fingerprint;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.idempotency.fingerprint.FingerprintRequest;
import dev.idempotency.fingerprint.RequestFingerprinter;
import dev.idempotency.store.Fingerprint;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.util.UrlPathHelper;

/**
 * The starter's fingerprint, algorithm {@value #ALGORITHM}: SHA-256 over the method, the
 * route pattern, the concrete path, the query parameters decoded and sorted by name, the
 * media type without parameters, the configured extra headers, and the body in canonical
 * form (JSON canonicalized, forms decoded and sorted, anything else as raw bytes).
 * Every field is length-prefixed, so no two different requests share an encoding.
 */
public final class DefaultRequestFingerprinter implements RequestFingerprinter {

	/** The algorithm id stored with every record fingerprinted by this class. */
	public static final String ALGORITHM = "v1-sha256";

	private static final byte[] DOMAIN = "idempotency-fingerprint-v1".getBytes(StandardCharsets.US_ASCII);

	private static final byte BODY_EMPTY = 'E';

	private static final byte BODY_JSON = 'J';

	private static final byte BODY_FORM = 'F';

	private static final byte BODY_RAW = 'R';

	private static final byte BODY_MULTIPART = 'M';

	// The path as sent. Decoding it would use the charset parameter of the body's media
	// type, and dropping ';' content would lose matrix variables (/items/1;qty=100).
	private static final UrlPathHelper PATH_HELPER = UrlPathHelper.rawPathInstance;

	private static final MessageDigest SHA_256 = newSha256();

	private final List<String> headerNames;

	private final Map<List<String>, List<CanonicalJson.JsonPointer>> pointers = new ConcurrentHashMap<>();

	/**
	 * Create a fingerprinter.
	 * @param headerNames request headers that count in the fingerprint besides the
	 * defaults
	 */
	public DefaultRequestFingerprinter(List<String> headerNames) {
		List<String> names = new ArrayList<>();
		for (String name : headerNames) {
			names.add(name.toLowerCase(Locale.ROOT));
		}
		Collections.sort(names);
		this.headerNames = List.copyOf(names);
	}

	/**
	 * Check JSON Pointers for use with this fingerprinter.
	 * @param pointers the pointers
	 * @throws IllegalArgumentException if one is not a valid JSON Pointer
	 */
	public static void validatePointers(List<String> pointers) {
		pointers.forEach(CanonicalJson.JsonPointer::parse);
	}

	@Override
	public Fingerprint fingerprint(FingerprintRequest request) {
		HttpServletRequest servletRequest = request.servletRequest();
		MessageDigest digest = sha256();
		digest.update(DOMAIN);
		MediaType mediaType = mediaType(servletRequest);
		ByteSink fields = new ByteSink(256 + canonicalSizeHint(request.body(), mediaType));
		fields.writeUtf8WithLength(servletRequest.getMethod());
		fields.writeUtf8WithLength(nullToEmpty(request.routePattern()));
		fields.writeUtf8WithLength(PATH_HELPER.getPathWithinApplication(servletRequest));
		writeQuery(fields, servletRequest.getQueryString());
		fields.writeUtf8WithLength((mediaType != null) ? mediaType.getType() + "/" + mediaType.getSubtype()
				: nullToEmpty(servletRequest.getContentType()).toLowerCase(Locale.ROOT));
		fields.writeInt(this.headerNames.size());
		for (String name : this.headerNames) {
			List<String> values = Collections.list(servletRequest.getHeaders(name));
			fields.writeUtf8WithLength(name);
			fields.writeInt(values.size());
			values.forEach(fields::writeUtf8WithLength);
		}
		byte[] raw = writeBody(fields, request, mediaType);
		fields.digestInto(digest);
		if (raw != null) {
			digest.update(raw);
		}
		return new Fingerprint(ALGORITHM, HexFormat.of().formatHex(digest.digest()));
	}

	/**
	 * Room for the canonical form of a JSON body, which is larger than the JSON (every
	 * string and number gets a tag and a length), so that the buffer rarely grows.
	 */
	private static int canonicalSizeHint(byte[] body, MediaType mediaType) {
		return (mediaType != null && isJson(mediaType)) ? body.length + (body.length >> 1) : 0;
	}

	/**
	 * Write the body field.
	 * @return the raw body, which follows the fields in the digest rather than being
	 * copied into them, or {@code null}
	 */
	private byte[] writeBody(ByteSink fields, FingerprintRequest request, MediaType mediaType) {
		if (mediaType != null && MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(mediaType)
				&& writeParts(fields, request.servletRequest())) {
			return null;
		}
		byte[] body = request.body();
		if (body.length == 0) {
			fields.write(BODY_EMPTY);
			return null;
		}
		if (mediaType != null && isJson(mediaType)) {
			int start = fields.size();
			fields.write(BODY_JSON);
			if (CanonicalJson.write(body, pointers(request.ignoredJsonPointers()), fields)) {
				return null;
			}
			fields.truncate(start);
		}
		else if (mediaType != null && MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(mediaType)) {
			try {
				Charset charset = (mediaType.getCharset() != null) ? mediaType.getCharset() : StandardCharsets.UTF_8;
				List<Map.Entry<String, String>> pairs = FormFields.decode(new String(body, charset), charset);
				fields.write(BODY_FORM);
				writePairs(fields, FormFields.sortedByName(pairs));
				return null;
			}
			catch (IllegalArgumentException ex) {
				// Malformed escapes: the handler will see what it sees; hash the bytes.
			}
		}
		fields.write(BODY_RAW);
		fields.writeInt(body.length);
		return body;
	}

	/**
	 * Hash a multipart body by its parts, in order: name, file name, content type and a
	 * digest of the content, never the boundary (clients pick a new one per request).
	 * @return {@code false} if the container has no parts for the request
	 */
	private static boolean writeParts(ByteSink fields, HttpServletRequest request) {
		java.util.Collection<jakarta.servlet.http.Part> parts;
		try {
			parts = request.getParts();
		}
		catch (IOException | jakarta.servlet.ServletException | IllegalStateException ex) {
			return false;
		}
		fields.write(BODY_MULTIPART);
		fields.writeInt(parts.size());
		for (jakarta.servlet.http.Part part : parts) {
			fields.writeUtf8WithLength(nullToEmpty(part.getName()));
			fields.writeUtf8WithLength(nullToEmpty(part.getSubmittedFileName()));
			fields.writeUtf8WithLength(nullToEmpty(part.getContentType()).toLowerCase(Locale.ROOT));
			MessageDigest content = sha256();
			try (java.io.InputStream in = part.getInputStream()) {
				byte[] buffer = new byte[8192];
				int read;
				while ((read = in.read(buffer)) != -1) {
					content.update(buffer, 0, read);
				}
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException("Could not read a part of the multipart body", ex);
			}
			byte[] digest = content.digest();
			fields.writeInt(digest.length);
			fields.write(digest, 0, digest.length);
		}
		return true;
	}

	private List<CanonicalJson.JsonPointer> pointers(List<String> ignoredJsonPointers) {
		if (ignoredJsonPointers.isEmpty()) {
			return Collections.emptyList();
		}
		return this.pointers.computeIfAbsent(ignoredJsonPointers,
				(list) -> list.stream().map(CanonicalJson.JsonPointer::parse).toList());
	}

	private static void writeQuery(ByteSink fields, String query) {
		List<Map.Entry<String, String>> pairs;
		try {
			pairs = FormFields.decode(query, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// Undecodable escapes: compare the query as it was sent, after a count no list
			// of pairs has, so that it never meets a decoded query with the same text.
			fields.writeInt(-1);
			fields.writeUtf8WithLength(query);
			return;
		}
		writePairs(fields, FormFields.sortedByName(pairs));
	}

	private static void writePairs(ByteSink fields, List<Map.Entry<String, String>> pairs) {
		fields.writeInt(pairs.size());
		for (Map.Entry<String, String> pair : pairs) {
			fields.writeUtf8WithLength(pair.getKey());
			fields.writeUtf8WithLength(pair.getValue());
		}
	}

	static MediaType mediaType(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null || contentType.isBlank()) {
			return null;
		}
		try {
			return MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	static boolean isJson(MediaType mediaType) {
		return "application".equals(mediaType.getType())
				&& ("json".equals(mediaType.getSubtype()) || mediaType.getSubtype().endsWith("+json"));
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

	private static MessageDigest sha256() {
		// A clone skips the provider lookup of getInstance, a good part of the cost of a
		// small request. The prototype is never updated, so sharing it is safe.
		try {
			return (MessageDigest) SHA_256.clone();
		}
		catch (CloneNotSupportedException ex) {
			// Not every provider's digests can be cloned.
			return newSha256();
		}
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

}
