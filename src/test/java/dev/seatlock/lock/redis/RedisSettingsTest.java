package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    @Test
    void aPlainUrlGivesHostPortAndDefaults() {
        RedisSettings s = RedisSettings.fromUrl("redis://cache.example:6380");
        assertThat(s.host()).as("host").isEqualTo("cache.example");
        assertThat(s.port()).as("port").isEqualTo(6380);
        assertThat(s.database()).as("database").isZero();
        assertThat(s.tls()).as("tls").isFalse();
        assertThat(s.password()).as("password").isEmpty();
        assertThat(s.socketTimeout())
                .as("socket timeout")
                .isEqualTo(RedisSettings.DEFAULT_SOCKET_TIMEOUT);
    }

    @Test
    void userPasswordDatabaseAndTlsAreRead() {
        RedisSettings s = RedisSettings.fromUrl("rediss://app:s%40cret@redis.internal:6390/3");
        assertThat(s.user()).as("user").isEqualTo("app");
        assertThat(s.password()).as("percent-decoded password").isEqualTo("s@cret");
        assertThat(s.database()).as("database").isEqualTo(3);
        assertThat(s.tls()).as("rediss means TLS").isTrue();
        assertThat(s.address()).as("address").isEqualTo("rediss://redis.internal:6390/3");
    }

    @Test
    void aPasswordWithoutUserAndAMissingPortAreAccepted() {
        RedisSettings s = RedisSettings.fromUrl("redis://:pw@localhost");
        assertThat(s.user()).as("user").isEmpty();
        assertThat(s.password()).as("password").isEqualTo("pw");
        assertThat(s.port()).as("default port").isEqualTo(6379);
    }

    @Test
    void thePasswordNeverAppearsInToStringOrDescribe() {
        RedisSettings s = RedisSettings.fromUrl("redis://u:topsecret@localhost:6379/1");
        assertThat(s.toString()).as("toString").doesNotContain("topsecret");
        assertThat(s.describe())
                .as("describe")
                .doesNotContain("topsecret")
                .contains("localhost:6379");
    }

    @Test
    void otherSchemesAndBadDatabasesAreRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> RedisSettings.fromUrl("http://localhost:6379"))
                .as("http scheme")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisSettings.fromUrl("redis://u:hidden@localhost:6379/x"))
                .as("non-numeric database")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hidden");
    }
}
