package dev.seatlock.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The travel partners allowed to call the API and their keys, from {@code seatlock.api.keys}
 * ({@code partner=key,partner=key}). Keys are compared in constant time.
 */
@ApplicationScoped
public class PartnerKeys {

    private final Map<String, byte[]> keysByPartner = new LinkedHashMap<>();

    @Inject
    public PartnerKeys(@ConfigProperty(name = "seatlock.api.keys") List<String> entries) {
        for (String entry : entries) {
            int split = entry.indexOf('=');
            if (split <= 0 || split == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "seatlock.api.keys entries are partner=key; got an entry without '='");
            }
            keysByPartner.put(
                    entry.substring(0, split).strip(),
                    entry.substring(split + 1).strip().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** For CDI's proxy. */
    protected PartnerKeys() {}

    /** The partner whose key this is. */
    public Optional<String> partnerFor(String presentedKey) {
        byte[] presented = presentedKey.getBytes(StandardCharsets.UTF_8);
        String match = null;
        for (Map.Entry<String, byte[]> entry : keysByPartner.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), presented)) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }
}
