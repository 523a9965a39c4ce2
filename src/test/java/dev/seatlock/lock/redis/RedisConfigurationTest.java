package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.testing.MapConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class RedisConfigurationTest {

    /**
     * The application's defaults (ordinal 100) plus overrides from a higher source (ordinal 300).
     */
    private final Map<String, String> defaults =
            new HashMap<>(
                    Map.of(
                            "seatlock.redis.host",
                            "localhost",
                            "seatlock.redis.port",
                            "6379",
                            "seatlock.redis.embedded",
                            "auto",
                            "seatlock.redis.socket-timeout",
                            "PT1S",
                            "seatlock.lock.key-prefix",
                            "seatlock:",
                            "mp.config.profile",
                            "dev"));

    private final Map<String, String> overrides = new HashMap<>();

    @Test
    void startsALocalRedisWhenNothingIsConfigured() {
        RedisConfiguration.Resolved resolved = RedisConfiguration.resolve(config());

        assertThat(resolved.embedded()).isTrue();
        assertThat(resolved.origin()).isEqualTo("no REDIS_URL configured");
        assertThat(resolved.at("127.0.0.1", 40000).address())
                .isEqualTo("redis://127.0.0.1:40000/0");
    }

    @Test
    void usesRedisUrlAndNothingElse() {
        overrides.put("REDIS_URL", "redis://:s3cret@redis.example:6380/2");
        overrides.put("seatlock.redis.socket-timeout", "PT0.25S");

        RedisConfiguration.Resolved resolved = RedisConfiguration.resolve(config());

        assertThat(resolved.embedded()).isFalse();
        assertThat(resolved.origin()).isEqualTo("REDIS_URL");
        assertThat(resolved.settings().host()).isEqualTo("redis.example");
        assertThat(resolved.settings().port()).isEqualTo(6380);
        assertThat(resolved.settings().database()).isEqualTo(2);
        assertThat(resolved.settings().password()).isEqualTo("s3cret");
        assertThat(resolved.settings().socketTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(resolved.settings().keyPrefix()).isEqualTo("seatlock:");
    }

    @Test
    void prefersSeatlockRedisUrlOverRedisUrl() {
        overrides.put("REDIS_URL", "redis://other:6379");
        overrides.put("seatlock.redis.url", "redis://mine:6379");

        assertThat(RedisConfiguration.resolve(config()).settings().host()).isEqualTo("mine");
    }

    @Test
    void usesAnExplicitHostInsteadOfStartingOne() {
        overrides.put("seatlock.redis.host", "redis.internal");

        RedisConfiguration.Resolved resolved = RedisConfiguration.resolve(config());

        assertThat(resolved.embedded()).isFalse();
        assertThat(resolved.settings().host()).isEqualTo("redis.internal");
    }

    @Test
    void neverStartsOneWhenToldNotTo() {
        overrides.put("seatlock.redis.embedded", "never");

        assertThat(RedisConfiguration.resolve(config()).embedded()).isFalse();
    }

    @Test
    void productionNeverStartsOneEvenWhenToldAuto() {
        defaults.remove("mp.config.profile");

        RedisConfiguration.Resolved resolved = RedisConfiguration.resolve(config());

        assertThat(resolved.embedded()).as("embedded Redis in production").isFalse();
        assertThat(resolved.settings().host()).isEqualTo("localhost");
    }

    @Test
    void rejectsAnUnknownEmbeddedMode() {
        overrides.put("seatlock.redis.embedded", "sometimes");

        assertThatThrownBy(() -> RedisConfiguration.resolve(config()))
                .hasMessageContaining("auto or never");
    }

    @Test
    void theFenceTtlIsSevenDaysUnlessConfigured() {
        assertThat(RedisConfiguration.fenceTtl(config())).isEqualTo(Duration.ofDays(7));

        overrides.put("seatlock.lock.fence-ttl", "P30D");
        assertThat(RedisConfiguration.fenceTtl(config())).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void refusesAFenceTtlBelowADayOrTenTimesTheLongestLease() {
        overrides.put("seatlock.lock.fence-ttl", "PT12H");
        assertThatThrownBy(() -> RedisConfiguration.fenceTtl(config()))
                .as("half a day")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seatlock.lock.fence-ttl");

        overrides.put("seatlock.lock.fence-ttl", "P7D");
        overrides.put("seatlock.hold.ttl", "PT24H"); // a hold of a day needs ten days of fence
        assertThatThrownBy(() -> RedisConfiguration.fenceTtl(config()))
                .as("7 days against a hold of a day")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seatlock.hold.ttl PT24H");

        overrides.put("seatlock.hold.ttl", "PT10M");
        overrides.put("seatlock.lock.lease", "PT1H"); // renewed 20 times: 21 hours
        assertThatThrownBy(() -> RedisConfiguration.fenceTtl(config()))
                .as("7 days against a lease of 21 hours")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least PT210H");
    }

    private Config config() {
        return new MapConfig(defaults, overrides);
    }
}
