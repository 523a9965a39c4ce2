package dev.seatlock.api;

import dev.seatlock.profile.RuntimeProfile;
import dev.seatlock.profile.UnsafeConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The travel partners allowed to call the API and their keys, from {@code seatlock.api.keys}
 * ({@code partner=key,partner=key}). A partner may be listed once per key (two keys while one is
 * rotated out), and a key may be given as {@code sha256:<64 hex digits>}, its SHA-256, so that the
 * configuration need not hold the key itself.
 *
 * <p>Only SHA-256 digests are kept; a presented key is hashed and compared with every digest in
 * constant time ({@link MessageDigest#isEqual}), all of them, so the time taken does not say which
 * partner nearly matched. Outside the dev and test profiles the keys must be safe to face the
 * internet: at least one, each at least {@value #MIN_LENGTH} characters, none twice, none of the
 * README's demo keys; {@link #parse} refuses anything else with an {@link
 * UnsafeConfigurationException} naming the rule (never the key).
 */
@ApplicationScoped
public class PartnerKeys {

    /** The configuration key. */
    public static final String PROPERTY = "seatlock.api.keys";

    /** The shortest key production accepts. */
    public static final int MIN_LENGTH = 32;

    /** The keys the README and the dev/test profiles publish: never valid in production. */
    static final List<String> DEMO_KEYS = List.of("demo-key-alpha-travel", "demo-key-beta-tours");

    private static final String HASH_PREFIX = "sha256:";
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

    private final List<Entry> entries;

    private record Entry(String partner, byte[] digest) {}

    @Inject
    public PartnerKeys(Config config) {
        this(parse(config.getOptionalValues(PROPERTY, String.class), RuntimeProfile.of(config)));
    }

    private PartnerKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** For CDI's proxy. */
    protected PartnerKeys() {
        this.entries = List.of();
    }

    /**
     * The keys of {@code seatlock.api.keys} as {@code profile} accepts them.
     *
     * @throws UnsafeConfigurationException an entry is malformed, or (outside dev and test) no key
     *     is set, a key is shorter than {@value #MIN_LENGTH} characters, a key is listed twice, or
     *     a key is a demo key
     */
    public static PartnerKeys of(Optional<List<String>> configured, RuntimeProfile profile) {
        return new PartnerKeys(parse(configured, profile));
    }

    private static List<Entry> parse(Optional<List<String>> configured, RuntimeProfile profile) {
        List<String> raw = configured.orElse(List.of()).stream().filter(e -> !e.isBlank()).toList();
        boolean production = !profile.allowsDemoConveniences();
        if (raw.isEmpty()) {
            if (production) {
                throw new UnsafeConfigurationException(
                        PROPERTY
                                + " is not set: production needs at least one partner key"
                                + " (SEATLOCK_API_KEYS=partner=key,...)");
            }
            return List.of();
        }
        List<byte[]> demoDigests = DEMO_KEYS.stream().map(PartnerKeys::sha256).toList();
        List<Entry> entries = new ArrayList<>();
        Map<String, String> partnerByDigest = new LinkedHashMap<>();
        for (String entry : raw) {
            int split = entry.indexOf('=');
            String partner = split < 0 ? "" : entry.substring(0, split).strip();
            String key = split < 0 ? "" : entry.substring(split + 1).strip();
            if (partner.isEmpty() || key.isEmpty()) {
                throw refused("entries are partner=key; an entry has no partner or no key");
            }
            byte[] digest;
            boolean hashed = key.regionMatches(true, 0, HASH_PREFIX, 0, HASH_PREFIX.length());
            if (hashed) {
                String hex = key.substring(HASH_PREFIX.length());
                if (!HEX_DIGEST.matcher(hex).matches()) {
                    throw refused(
                            "the key of partner "
                                    + partner
                                    + " starts with sha256: but is not 64 hexadecimal digits");
                }
                digest = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
            } else {
                digest = sha256(key);
            }
            if (production
                    && demoDigests.stream().anyMatch(d -> MessageDigest.isEqual(d, digest))) {
                throw refused(
                        "partner "
                                + partner
                                + " has one of the README's demo keys, which are public;"
                                + " give every partner a key of its own");
            }
            if (production && !hashed && key.length() < MIN_LENGTH) {
                throw refused(
                        "the key of partner "
                                + partner
                                + " is shorter than "
                                + MIN_LENGTH
                                + " characters");
            }
            String hex = HexFormat.of().formatHex(digest);
            String sameKey = partnerByDigest.putIfAbsent(hex, partner);
            if (production && sameKey != null) {
                throw refused(
                        sameKey.equals(partner)
                                ? "partner " + partner + " lists the same key twice"
                                : "partners " + sameKey + " and " + partner + " share a key");
            }
            entries.add(new Entry(partner, digest));
        }
        return entries;
    }

    /** The partners that have at least one key, in the order configured. */
    public Set<String> partners() {
        Set<String> partners = new LinkedHashSet<>();
        entries.forEach(e -> partners.add(e.partner()));
        return partners;
    }

    /** How many keys are configured, all partners together. */
    public int keyCount() {
        return entries.size();
    }

    /** The partner whose key this is. */
    public Optional<String> partnerFor(String presentedKey) {
        byte[] presented = sha256(presentedKey);
        String match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented)) {
                match = entry.partner();
            }
        }
        return Optional.ofNullable(match);
    }

    private static UnsafeConfigurationException refused(String rule) {
        return new UnsafeConfigurationException(PROPERTY + ": " + rule);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
