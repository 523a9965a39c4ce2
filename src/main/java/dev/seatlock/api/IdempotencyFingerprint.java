package dev.seatlock.api;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint of a request with an {@code Idempotency-Key}: SHA-256 of method, path and body,
 * which tells a retry (same fingerprint) from another request under the same key (422).
 *
 * <p>Why the body is parsed rather than hashed as sent: the hash must never let a card number be
 * recovered (a SHA-256 of a body whose other fields are known can be reversed by trying every card
 * number), so every {@code cardNumber} is cut to its last four digits and every {@code cvc} emptied
 * before hashing. A pattern over the raw text misses keys spelt with JSON escapes ({@code
 * "card\u004eumber"}), which JSON-B reads as {@code cardNumber}; parsing sees what the resource
 * sees. The parsed body is then written canonically (keys sorted, no whitespace, one spelling of
 * each string and number), so a retry whose client formats its JSON differently is still a retry.
 *
 * <p>A body that does not parse is answered 400 by the resource. It is hashed with every digit
 * blanked: it may still hold a card number, and two unparseable bodies that differ only in digits
 * both get the same 400, so telling them apart is worth nothing.
 */
public final class IdempotencyFingerprint {

    private static final String CARD_NUMBER = "cardNumber";
    private static final String CVC = "cvc";

    private IdempotencyFingerprint() {}

    /**
     * @param path the path as the filter sees it; only compared with other fingerprints of this
     *     server's
     */
    public static String of(String method, String path, byte[] body) {
        String content;
        try {
            content = "json\n" + canonical(mask(parse(body)));
        } catch (JsonException unparseable) {
            content =
                    "unparsed\n"
                            + new String(body, StandardCharsets.UTF_8).replaceAll("[0-9]", "#");
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * @throws JsonException when the body is not one JSON value (an empty body included)
     */
    private static JsonValue parse(byte[] body) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readValue();
        }
    }

    private static JsonValue mask(JsonValue value) {
        if (value instanceof JsonObject object) {
            var masked = Json.createObjectBuilder();
            for (Map.Entry<String, JsonValue> field : object.entrySet()) {
                masked.add(
                        field.getKey(),
                        switch (field.getKey()) {
                            case CARD_NUMBER -> Json.createValue(lastFour(field.getValue()));
                            case CVC -> Json.createValue("");
                            default -> mask(field.getValue());
                        });
            }
            return masked.build();
        }
        if (value instanceof JsonArray array) {
            var masked = Json.createArrayBuilder();
            array.forEach(element -> masked.add(mask(element)));
            return masked.build();
        }
        return value;
    }

    /**
     * The last four digits of a card number sent as a string or a number; nothing of anything else.
     */
    private static String lastFour(JsonValue cardNumber) {
        String text =
                cardNumber instanceof JsonString string
                        ? string.getString()
                        : cardNumber instanceof JsonNumber number ? number.toString() : "";
        String digits = text.replaceAll("[^0-9]", "");
        return digits.length() <= 4 ? digits : digits.substring(digits.length() - 4);
    }

    private static String canonical(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = Json.createGenerator(out)) {
            write(generator, null, value);
        }
        return out.toString();
    }

    /** Writes {@code value}, as the field {@code name} when inside an object. */
    private static void write(JsonGenerator generator, String name, JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT -> {
                if (name == null) {
                    generator.writeStartObject();
                } else {
                    generator.writeStartObject(name);
                }
                new TreeMap<>(value.asJsonObject())
                        .forEach((key, field) -> write(generator, key, field));
                generator.writeEnd();
            }
            case ARRAY -> {
                if (name == null) {
                    generator.writeStartArray();
                } else {
                    generator.writeStartArray(name);
                }
                value.asJsonArray().forEach(element -> write(generator, null, element));
                generator.writeEnd();
            }
            case NUMBER -> {
                // 1, 1.0 and 1e0 are one number.
                JsonValue number =
                        Json.createValue(
                                ((JsonNumber) value).bigDecimalValue().stripTrailingZeros());
                if (name == null) {
                    generator.write(number);
                } else {
                    generator.write(name, number);
                }
            }
            default -> {
                if (name == null) {
                    generator.write(value);
                } else {
                    generator.write(name, value);
                }
            }
        }
    }
}
