package dev.seatlock.infrastructure.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    @Test
    void everyNonceIsNewAndOf128Bits() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String nonce = ContentSecurityPolicy.newNonce();
            assertThat(Base64.getDecoder().decode(nonce)).as("nonce " + nonce).hasSize(16);
            nonces.add(nonce);
        }
        assertThat(nonces).as("1000 nonces, all different").hasSize(1000);
    }

    @Test
    void thePolicyAllowsScriptsOfThisOriginAndTheNonceOnlyAndNoFraming() throws Exception {
        String policy = ContentSecurityPolicy.withNonce("abc");
        String styleHash =
                Base64.getEncoder()
                        .encodeToString(
                                MessageDigest.getInstance("SHA-256")
                                        .digest("display:none".getBytes(StandardCharsets.UTF_8)));

        assertThat(policy)
                .as("the policy")
                .contains("script-src 'self' 'nonce-abc';")
                .contains("'sha256-" + styleHash + "'")
                .contains("frame-ancestors 'none'")
                .contains("object-src 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
    }

    @Test
    void hstsIsSentForAPositiveMaxAgeOnly() {
        assertThat(new WebSecuritySettings(true, 443, true, Duration.ofDays(365)).hsts())
                .as("a year")
                .isEqualTo("max-age=31536000");
        assertThat(new WebSecuritySettings(true, 443, true, Duration.ZERO).hsts())
                .as("PT0S: none")
                .isEmpty();
    }
}
