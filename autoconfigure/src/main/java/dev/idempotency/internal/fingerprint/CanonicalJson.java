package dev.idempotency.internal.fingerprint;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import dev.idempotency.fingerprint.InvalidRequestBodyException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Encodes a JSON document in a canonical binary form for hashing: object members sorted
 * by name (UTF-16 code units, as RFC 8785 sorts), strings by their decoded value, and
 * numbers as exact decimals, so {@code 1.0} and {@code 1e0} are equal while
 * {@code 9007199254740993} and {@code 9007199254740992} are not. The output is a tagged,
 * length-prefixed encoding, never parsed back; it only has to be injective.
 */
final class CanonicalJson {

	private static final byte OBJECT = 'O';

	private static final byte ARRAY = 'A';

	private static final byte STRING = 'S';

	private static final byte NUMBER = 'N';

	private static final byte TRUE = 'T';

	private static final byte FALSE = 'F';

	private static final byte NULL = 'Z';

	/** Bounds the recursion below: deeper documents are hashed as raw bytes. */
	static final int MAX_DEPTH = 256;

	private static final JsonFactory JSON = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
		.build();

	private CanonicalJson() {
	}

	/**
	 * Canonicalize a JSON document.
	 * @param json the document's bytes (UTF-8, or UTF-16/32 detected from the bytes)
	 * @param ignoredPointers members to leave out
	 * @param out where to write the canonical form
	 * @return {@code true} if written; {@code false} if the bytes are not one
	 * well-formed JSON value (the caller then hashes the raw bytes)
	 * @throws InvalidRequestBodyException if an object has two members with one name
	 */
	static boolean write(byte[] json, List<JsonPointer> ignoredPointers, ByteSink out) {
		int start = out.size();
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				return false;
			}
			new Writer(parser, ignoredPointers, out).value(first, 0);
			if (parser.nextToken() != null) {
				out.truncate(start);
				return false;
			}
			return true;
		}
		catch (JacksonException ex) {
			out.truncate(start);
			return false;
		}
	}

	/**
	 * The canonical text of a JSON number: sign, significant digits without leading or
	 * trailing zeros, and the decimal exponent, such as {@code -125e-2}. Zero is
	 * {@code 0}.
	 * @param text a number as JSON writes it
	 * @return its canonical form
	 */
	static String canonicalNumber(String text) {
		int i = 0;
		boolean negative = false;
		if (text.charAt(0) == '-') {
			negative = true;
			i = 1;
		}
		StringBuilder digits = new StringBuilder(text.length());
		int fractionDigits = 0;
		boolean inFraction = false;
		int exponentStart = -1;
		for (; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= '0' && c <= '9') {
				digits.append(c);
				if (inFraction) {
					fractionDigits++;
				}
			}
			else if (c == '.') {
				inFraction = true;
			}
			else if (c == 'e' || c == 'E') {
				exponentStart = i + 1;
				break;
			}
		}
		int firstNonZero = 0;
		while (firstNonZero < digits.length() && digits.charAt(firstNonZero) == '0') {
			firstNonZero++;
		}
		if (firstNonZero == digits.length()) {
			return "0";
		}
		int end = digits.length();
		int trailingZeros = 0;
		while (digits.charAt(end - 1) == '0') {
			end--;
			trailingZeros++;
		}
		String significand = digits.substring(firstNonZero, end);
		long shift = (long) trailingZeros - fractionDigits;
		String exponent;
		if (exponentStart < 0) {
			exponent = Long.toString(shift);
		}
		else {
			String written = text.substring(exponentStart);
			if (written.startsWith("+")) {
				written = written.substring(1);
			}
			if (written.length() <= 17) {
				exponent = Long.toString(Long.parseLong(written) + shift);
			}
			else {
				exponent = new BigInteger(written).add(BigInteger.valueOf(shift)).toString();
			}
		}
		return (negative ? "-" : "") + significand + "e" + exponent;
	}

	private static final class Writer {

		private final JsonParser parser;

		private final List<JsonPointer> ignored;

		private final ByteSink out;

		/** Reference tokens of the current location, for matching ignored pointers. */
		private final String[] path = new String[MAX_DEPTH + 1];

		Writer(JsonParser parser, List<JsonPointer> ignored, ByteSink out) {
			this.parser = parser;
			this.ignored = ignored;
			this.out = out;
		}

		void value(JsonToken token, int depth) {
			switch (token) {
				case START_OBJECT -> object(depth);
				case START_ARRAY -> array(depth);
				case VALUE_STRING -> string(STRING, this.parser.getString());
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> string(NUMBER, canonicalNumber(this.parser.getText()));
				case VALUE_TRUE -> this.out.write(TRUE);
				case VALUE_FALSE -> this.out.write(FALSE);
				case VALUE_NULL -> this.out.write(NULL);
				default -> throw new IllegalStateException("Unexpected JSON token " + token);
			}
		}

		private void object(int depth) {
			this.out.write(OBJECT);
			int countAt = this.out.size();
			this.out.writeInt(0);
			int membersStart = this.out.size();
			List<Member> members = null;
			String previous = null;
			boolean sorted = true;
			JsonToken token;
			while ((token = this.parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = this.parser.currentName();
				JsonToken valueToken = this.parser.nextToken();
				this.path[depth] = name;
				if (isIgnored(depth + 1)) {
					this.parser.skipChildren();
					continue;
				}
				int start = this.out.size();
				string(STRING, name);
				value(valueToken, depth + 1);
				if (members == null) {
					members = new ArrayList<>();
				}
				members.add(new Member(name, start, this.out.size()));
				if (previous != null && previous.compareTo(name) >= 0) {
					sorted = false;
				}
				previous = name;
			}
			if (token != JsonToken.END_OBJECT) {
				throw new IllegalStateException("Unexpected JSON token " + token);
			}
			if (members == null) {
				return;
			}
			this.out.putInt(countAt, members.size());
			if (!sorted) {
				reorder(members, membersStart);
			}
		}

		private void reorder(List<Member> members, int membersStart) {
			Member[] byName = members.toArray(new Member[0]);
			Arrays.sort(byName, (a, b) -> a.name.compareTo(b.name));
			for (int i = 1; i < byName.length; i++) {
				if (byName[i - 1].name.equals(byName[i].name)) {
					throw new InvalidRequestBodyException(
							"The JSON body has the member \"" + abbreviate(byName[i].name) + "\" twice in one object.");
				}
			}
			byte[] region = this.out.copy(membersStart, this.out.size());
			int position = membersStart;
			for (Member member : byName) {
				int length = member.end - member.start;
				this.out.overwrite(position, region, member.start - membersStart, length);
				position += length;
			}
		}

		private void array(int depth) {
			this.out.write(ARRAY);
			int countAt = this.out.size();
			this.out.writeInt(0);
			int count = 0;
			int index = 0;
			JsonToken token;
			while ((token = this.parser.nextToken()) != JsonToken.END_ARRAY) {
				if (token == null) {
					throw new IllegalStateException("Unexpected end of JSON");
				}
				if (!this.ignored.isEmpty()) {
					this.path[depth] = Integer.toString(index);
				}
				index++;
				if (isIgnored(depth + 1)) {
					this.parser.skipChildren();
					continue;
				}
				value(token, depth + 1);
				count++;
			}
			this.out.putInt(countAt, count);
		}

		private boolean isIgnored(int depth) {
			for (JsonPointer pointer : this.ignored) {
				if (pointer.matches(this.path, depth)) {
					return true;
				}
			}
			return false;
		}

		private void string(byte tag, String value) {
			this.out.write(tag);
			this.out.writeUtf8WithLength(value);
		}

		private static String abbreviate(String name) {
			return (name.length() <= 40) ? name : name.substring(0, 40) + "…";
		}

	}

	private record Member(String name, int start, int end) {
	}

	/**
	 * A parsed JSON Pointer (RFC 6901).
	 */
	static final class JsonPointer {

		private static final Pattern BAD_TILDE = Pattern.compile("~(?![01])");

		private final String[] tokens;

		private JsonPointer(String[] tokens) {
			this.tokens = tokens;
		}

		/**
		 * Parse a pointer.
		 * @param pointer the pointer, such as {@code /items/0/sentAt}
		 * @return the parsed pointer
		 * @throws IllegalArgumentException if it is not a JSON Pointer
		 */
		static JsonPointer parse(String pointer) {
			if (pointer.isEmpty() || pointer.charAt(0) != '/') {
				throw new IllegalArgumentException(
						"'" + pointer + "' is not a JSON Pointer to a member: it must start with '/'");
			}
			String[] raw = pointer.substring(1).split("/", -1);
			String[] tokens = new String[raw.length];
			for (int i = 0; i < raw.length; i++) {
				if (BAD_TILDE.matcher(raw[i]).find()) {
					throw new IllegalArgumentException("'" + pointer + "' has a '~' not followed by 0 or 1");
				}
				tokens[i] = raw[i].replace("~1", "/").replace("~0", "~");
			}
			return new JsonPointer(tokens);
		}

		boolean matches(String[] path, int depth) {
			if (this.tokens.length != depth) {
				return false;
			}
			for (int i = 0; i < depth; i++) {
				if (!this.tokens[i].equals(path[i])) {
					return false;
				}
			}
			return true;
		}

		@Override
		public String toString() {
			StringBuilder result = new StringBuilder();
			for (String token : this.tokens) {
				result.append('/').append(token.replace("~", "~0").replace("/", "~1"));
			}
			return result.toString();
		}

	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
