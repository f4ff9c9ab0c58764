package dev.idempotency.internal.fingerprint;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
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

	/** No exponent of at most 17 characters has this value. */
	private static final long NOT_READ = Long.MIN_VALUE;

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
		ByteSink out = new ByteSink(text.length() + 8);
		writeNumber(text.toCharArray(), 0, text.length(), out);
		return new String(out.copy(0, out.size()), StandardCharsets.US_ASCII);
	}

	/**
	 * Write the {@linkplain #canonicalNumber(String) canonical text} of a number straight
	 * from the parser's characters: the digits are copied, never parsed into a
	 * {@code BigDecimal}.
	 */
	private static void writeNumber(char[] text, int offset, int length, ByteSink out) {
		int end = offset + length;
		int i = offset;
		boolean negative = false;
		if (text[i] == '-') {
			negative = true;
			i++;
		}
		int fractionDigits = 0;
		boolean inFraction = false;
		int firstNonZero = -1;
		int lastNonZero = -1;
		int trailingZeros = 0;
		int exponentStart = -1;
		for (; i < end; i++) {
			char c = text[i];
			if (c >= '0' && c <= '9') {
				if (inFraction) {
					fractionDigits++;
				}
				if (c != '0') {
					if (firstNonZero < 0) {
						firstNonZero = i;
					}
					lastNonZero = i;
					trailingZeros = 0;
				}
				else {
					trailingZeros++;
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
		if (firstNonZero < 0) {
			out.write((byte) '0');
			return;
		}
		if (negative) {
			out.write((byte) '-');
		}
		out.writeDigits(text, firstNonZero, lastNonZero + 1);
		out.write((byte) 'e');
		long shift = (long) trailingZeros - fractionDigits;
		if (exponentStart < 0) {
			out.writeDecimal(shift);
			return;
		}
		if (exponentStart < end && text[exponentStart] == '+') {
			exponentStart++;
		}
		// Up to 17 characters fit a long with room for the shift.
		long exponent = (end - exponentStart <= 17) ? parseExponent(text, exponentStart, end) : NOT_READ;
		if (exponent != NOT_READ) {
			out.writeDecimal(exponent + shift);
		}
		else {
			String written = new String(text, exponentStart, end - exponentStart);
			out.writeAscii(new BigInteger(written).add(BigInteger.valueOf(shift)).toString());
		}
	}

	/**
	 * @return the exponent, or {@link #NOT_READ} if it is not an optionally signed run of
	 * digits (for {@code BigInteger} to refuse)
	 */
	private static long parseExponent(char[] text, int start, int end) {
		boolean negative = start < end && text[start] == '-';
		int i = negative ? start + 1 : start;
		if (i == end) {
			return NOT_READ;
		}
		long value = 0;
		for (; i < end; i++) {
			char c = text[i];
			if (c < '0' || c > '9') {
				return NOT_READ;
			}
			value = value * 10 + (c - '0');
		}
		return negative ? -value : value;
	}

	private static final class Writer {

		private static final Comparator<Member> BY_NAME = (a, b) -> a.name.compareTo(b.name);

		private final JsonParser parser;

		private final List<JsonPointer> ignored;

		private final ByteSink out;

		/**
		 * Reference tokens of the current location, for matching ignored pointers; none
		 * kept without them.
		 */
		private final String[] path;

		/**
		 * The members of the open objects, innermost last; reused from object to object
		 * so that a document costs a few of them, not one per member.
		 */
		private Member[] members = new Member[32];

		private int memberCount;

		/** Where an object's members are copied while they are put in order. */
		private byte[] scratch = new byte[0];

		Writer(JsonParser parser, List<JsonPointer> ignored, ByteSink out) {
			this.parser = parser;
			this.ignored = ignored;
			this.out = out;
			this.path = ignored.isEmpty() ? null : new String[MAX_DEPTH + 1];
		}

		void value(JsonToken token, int depth) {
			switch (token) {
				case START_OBJECT -> object(depth);
				case START_ARRAY -> array(depth);
				case VALUE_STRING -> {
					this.out.write(STRING);
					this.out.writeUtf8WithLength(this.parser.getStringCharacters(), this.parser.getStringOffset(),
							this.parser.getStringLength());
				}
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number();
				case VALUE_TRUE -> this.out.write(TRUE);
				case VALUE_FALSE -> this.out.write(FALSE);
				case VALUE_NULL -> this.out.write(NULL);
				default -> throw new IllegalStateException("Unexpected JSON token " + token);
			}
		}

		private void number() {
			this.out.write(NUMBER);
			int lengthAt = this.out.size();
			this.out.writeInt(0);
			writeNumber(this.parser.getStringCharacters(), this.parser.getStringOffset(), this.parser.getStringLength(),
					this.out);
			// ASCII, so its length in bytes is its length in characters.
			this.out.putInt(lengthAt, this.out.size() - lengthAt - 4);
		}

		private void object(int depth) {
			this.out.write(OBJECT);
			int countAt = this.out.size();
			this.out.writeInt(0);
			int membersStart = this.out.size();
			int first = this.memberCount;
			String previous = null;
			boolean sorted = true;
			JsonToken token;
			while ((token = this.parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = this.parser.currentName();
				JsonToken valueToken = this.parser.nextToken();
				if (this.path != null && isIgnored(name, depth)) {
					this.parser.skipChildren();
					continue;
				}
				int start = this.out.size();
				this.out.write(STRING);
				this.out.writeUtf8WithLength(name);
				value(valueToken, depth + 1);
				push(name, start, this.out.size());
				if (previous != null && previous.compareTo(name) >= 0) {
					sorted = false;
				}
				previous = name;
			}
			if (token != JsonToken.END_OBJECT) {
				throw new IllegalStateException("Unexpected JSON token " + token);
			}
			int count = this.memberCount - first;
			if (count == 0) {
				return;
			}
			this.out.putInt(countAt, count);
			if (!sorted) {
				reorder(first, membersStart);
			}
			this.memberCount = first;
		}

		private void push(String name, int start, int end) {
			if (this.memberCount == this.members.length) {
				this.members = Arrays.copyOf(this.members, this.members.length * 2);
			}
			Member member = this.members[this.memberCount];
			if (member == null) {
				member = new Member();
				this.members[this.memberCount] = member;
			}
			member.name = name;
			member.start = start;
			member.end = end;
			this.memberCount++;
		}

		private void reorder(int first, int membersStart) {
			// Stable, so that two members with one name end up side by side.
			Arrays.sort(this.members, first, this.memberCount, BY_NAME);
			for (int i = first + 1; i < this.memberCount; i++) {
				if (this.members[i - 1].name.equals(this.members[i].name)) {
					throw new InvalidRequestBodyException("The JSON body has the member \""
							+ abbreviate(this.members[i].name) + "\" twice in one object.");
				}
			}
			int regionLength = this.out.size() - membersStart;
			if (this.scratch.length < regionLength) {
				this.scratch = new byte[Math.max(regionLength, this.scratch.length * 2)];
			}
			this.out.copyTo(membersStart, this.out.size(), this.scratch);
			int position = membersStart;
			for (int i = first; i < this.memberCount; i++) {
				Member member = this.members[i];
				int length = member.end - member.start;
				this.out.overwrite(position, this.scratch, member.start - membersStart, length);
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
				int at = index++;
				if (this.path != null && isIgnored(Integer.toString(at), depth)) {
					this.parser.skipChildren();
					continue;
				}
				value(token, depth + 1);
				count++;
			}
			this.out.putInt(countAt, count);
		}

		/**
		 * Whether the value at a reference token below the current location is ignored.
		 */
		private boolean isIgnored(String token, int depth) {
			this.path[depth] = token;
			for (JsonPointer pointer : this.ignored) {
				if (pointer.matches(this.path, depth + 1)) {
					return true;
				}
			}
			return false;
		}

		private static String abbreviate(String name) {
			return (name.length() <= 40) ? name : name.substring(0, 40) + "…";
		}

	}

	/**
	 * A member of an object: its name and where its encoding lies in the output.
	 */
	private static final class Member {

		String name;

		int start;

		int end;

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
