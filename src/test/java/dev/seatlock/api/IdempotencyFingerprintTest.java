package dev.seatlock.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdempotencyFingerprintTest {

    private static final String PATH = "/holds/h1/confirmation";
    private static final String PLAIN =
            """
            {"passengers":[{"seat":"12C","firstName":"Ada","lastName":"Lovelace"}],\
            "payment":{"cardNumber":"4242 4242 4242 4242","expiry":"12/30","cvc":"123","holder":"Ada Lovelace"}}""";

    private static String fingerprint(String body) {
        return IdempotencyFingerprint.of("POST", PATH, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysSpeltWithJsonEscapesAreMaskedLikeThePlainSpelling() {
        String escaped =
                """
                {"passengers":[{"seat":"12C","firstName":"Ada","lastName":"Lovelace"}],\
                "payment":{"card\\u004eumber":"4242 4242 4242 4242","expiry":"12/30","c\\u0076c":"123","holder":"Ada Lovelace"}}""";

        assertThat(fingerprint(escaped))
                .as("the same request, keys spelt with escapes")
                .isEqualTo(fingerprint(PLAIN));
    }

    @Test
    void aCardNumberOrCvcBehindAnEscapedKeyIsNotPartOfTheFingerprint() {
        String escaped =
                """
                {"payment":{"card\\u004eumber":"%s","c\\u0076c":"%s"}}""";

        assertThat(fingerprint(escaped.formatted("4000 1111 2222 4242", "999")))
                .as("only the last four digits count, and no cvc")
                .isEqualTo(fingerprint(escaped.formatted("4242 4242 4242 4242", "123")));
    }

    @Test
    void whitespaceKeyOrderAndStringEscapesDoNotChangeTheFingerprint() {
        String reformatted =
                """
                {
                  "payment" : { "holder" : "Ada Lovel\\u0061ce", "cvc" : "123", "expiry" : "12\\/30",
                                "cardNumber" : "4242 4242 4242 4242" },
                  "passengers" : [ { "lastName" : "Lovelace", "firstName" : "Ada", "seat" : "12C" } ]
                }
                """;

        assertThat(fingerprint(reformatted)).isEqualTo(fingerprint(PLAIN));
    }

    @Test
    void cardFieldsAreMaskedAtAnyDepth() {
        String deep =
                """
                {"a":[{"b":{"card\\u004eumber":"%s","cvc":"%s"}}],"cardNumber":"%s"}""";

        assertThat(fingerprint(deep.formatted("5555 0000 0000 4444", "1", "4000000000000002")))
                .isEqualTo(
                        fingerprint(
                                deep.formatted("5105 1051 0510 4444", "2", "4242424242420002")));
        assertThat(fingerprint(deep.formatted("5555 0000 0000 4444", "1", "4000000000000002")))
                .as("the deep card's last four differ")
                .isNotEqualTo(
                        fingerprint(
                                deep.formatted("5555 0000 0000 1111", "1", "4000000000000002")));
    }

    @Test
    void anotherCardsLastFourIsAnotherRequest() {
        assertThat(fingerprint(PLAIN.replace("4242 4242 4242 4242", "4242 4242 4242 0002")))
                .isNotEqualTo(fingerprint(PLAIN));
        String escaped = PLAIN.replace("\"cardNumber\"", "\"card\\u004eumber\"");
        assertThat(fingerprint(escaped.replace("4242 4242 4242 4242", "4242 4242 4242 0002")))
                .as("also behind an escaped key")
                .isNotEqualTo(fingerprint(escaped));
    }

    @Test
    void anyOtherDifferenceIsAnotherRequest() {
        assertThat(fingerprint(PLAIN.replace("12C", "12D"))).isNotEqualTo(fingerprint(PLAIN));
        assertThat(
                        IdempotencyFingerprint.of(
                                "POST", "/holds", PLAIN.getBytes(StandardCharsets.UTF_8)))
                .as("another path")
                .isNotEqualTo(fingerprint(PLAIN));
    }

    @Test
    void anUnparseableBodyIsFingerprintedWithoutItsDigits() {
        String truncated = "{\"payment\":{\"cardNumber\":\"%s\",\"cvc\":\"123\"";

        assertThat(fingerprint(truncated.formatted("4242424242424242")))
                .as("no card number can be recovered from the hash of a malformed body")
                .isEqualTo(fingerprint(truncated.formatted("4000000000000002")));
        assertThat(fingerprint(truncated.formatted("4242424242424242")))
                .isNotEqualTo(fingerprint(PLAIN));
        assertThat(fingerprint("not json")).isNotEqualTo(fingerprint("not json either"));
    }
}
