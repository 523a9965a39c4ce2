package dev.seatlock.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.profile.RuntimeProfile;
import dev.seatlock.profile.UnsafeConfigurationException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartnerKeysTest {

    private static final String KEY_A = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8";
    private static final String KEY_A2 = "z9y8x7w6v5u4t3s2r1q0p9o8n7m6l5k4j3i2";
    private static final String KEY_B = "0123456789abcdef0123456789abcdef-beta";

    private static PartnerKeys production(String... entries) {
        return PartnerKeys.of(Optional.of(List.of(entries)), RuntimeProfile.PRODUCTION);
    }

    private static String hashed(String key) {
        return "sha256:" + HexFormat.of().formatHex(PartnerKeys.sha256(key));
    }

    @Test
    void productionRefusesToRunWithoutKeys() {
        assertThatThrownBy(() -> PartnerKeys.of(Optional.empty(), RuntimeProfile.PRODUCTION))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("seatlock.api.keys is not set");
        assertThatThrownBy(() -> production(" ", ""))
                .as("blank entries")
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("is not set");
    }

    @Test
    void productionRefusesAKeyShorterThan32CharactersWithoutPrintingIt() {
        String shortKey = "only-31-characters-long-key-xyz";
        assertThat(shortKey).hasSize(31);

        assertThatThrownBy(() -> production("alpha=" + KEY_A, "beta=" + shortKey))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("partner beta is shorter than 32 characters")
                .hasMessageNotContaining(shortKey);
        assertThat(production("beta=" + shortKey + "Q").partners())
                .as("32 characters are enough")
                .containsExactly("beta");
    }

    @Test
    void productionRefusesTheReadmesDemoKeysPlainOrHashed() {
        assertThatThrownBy(() -> production("alpha-travel=demo-key-alpha-travel"))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("demo keys")
                .hasMessageNotContaining("demo-key-alpha-travel");
        assertThatThrownBy(() -> production("beta=" + hashed("demo-key-beta-tours")))
                .as("the hash of a demo key")
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("partner beta has one of the README's demo keys");
    }

    @Test
    void productionRefusesAKeyListedTwiceEvenWhenOnceAsItsHash() {
        assertThatThrownBy(() -> production("alpha=" + KEY_A, "beta=" + KEY_A))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("partners alpha and beta share a key")
                .hasMessageNotContaining(KEY_A);
        assertThatThrownBy(() -> production("alpha=" + KEY_A, "alpha=" + hashed(KEY_A)))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("partner alpha lists the same key twice");
    }

    @Test
    void aMalformedEntryOrHashIsRefusedInEveryProfile() {
        for (RuntimeProfile profile : RuntimeProfile.values()) {
            assertThatThrownBy(() -> PartnerKeys.of(Optional.of(List.of("no-equals")), profile))
                    .as(profile.label())
                    .isInstanceOf(UnsafeConfigurationException.class)
                    .hasMessageContaining("partner=key");
            assertThatThrownBy(
                            () -> PartnerKeys.of(Optional.of(List.of("alpha=sha256:abc")), profile))
                    .as(profile.label())
                    .isInstanceOf(UnsafeConfigurationException.class)
                    .hasMessageContaining("not 64 hexadecimal digits");
        }
    }

    @Test
    void aPartnerMayHaveSeveralKeysWhileOneIsRotatedOut() {
        PartnerKeys keys = production("alpha=" + KEY_A, "alpha=" + KEY_A2, "beta=" + KEY_B);

        assertThat(keys.partnerFor(KEY_A)).as("old key").contains("alpha");
        assertThat(keys.partnerFor(KEY_A2)).as("new key").contains("alpha");
        assertThat(keys.partnerFor(KEY_B)).contains("beta");
        assertThat(keys.partnerFor(KEY_A + "x")).as("a near miss").isEmpty();
        assertThat(keys.partners()).containsExactly("alpha", "beta");
        assertThat(keys.keyCount()).isEqualTo(3);
    }

    @Test
    void aKeyGivenAsItsSha256MatchesTheKeyItself() {
        PartnerKeys keys =
                production("alpha=" + hashed(KEY_A).toUpperCase().replace("SHA256", "sha256"));

        assertThat(keys.partnerFor(KEY_A)).as("the key whose hash is configured").contains("alpha");
        assertThat(keys.partnerFor(hashed(KEY_A))).as("the hash itself is not a key").isEmpty();
    }

    @Test
    void devAndTestAcceptTheDemoKeysAndNone() {
        for (RuntimeProfile profile : List.of(RuntimeProfile.DEV, RuntimeProfile.TEST)) {
            PartnerKeys keys =
                    PartnerKeys.of(
                            Optional.of(
                                    List.of(
                                            "alpha-travel=demo-key-alpha-travel",
                                            "beta-tours=demo-key-beta-tours")),
                            profile);
            assertThat(keys.partnerFor("demo-key-alpha-travel"))
                    .as(profile.label())
                    .contains("alpha-travel");
            assertThat(PartnerKeys.of(Optional.empty(), profile).keyCount())
                    .as(profile.label())
                    .isZero();
        }
    }
}
