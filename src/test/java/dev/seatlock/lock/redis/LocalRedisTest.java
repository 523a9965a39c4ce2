package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

class LocalRedisTest {

    @Test
    void startsTheRedisServerOnThePathAndStopsIt() {
        Optional<Path> onPath = LocalRedis.findOnPath("redis-server");
        assumeTrue(onPath.isPresent(), "no redis-server on the PATH");
        int port = LocalRedis.choosePort();

        try (LocalRedis redis = LocalRedis.startProcess(onPath.get(), port)) {
            assertThat(redis.source()).contains("redis-server");
            assertThat(redis.isAlive()).isTrue();
            assertWorks(redis);
        }
        assertThat(LocalRedis.isFree(port)).as("port after close").isTrue();
    }

    @Test
    void startsTheEmbeddedArtifactWhenThereIsNoRedisServer() {
        int port = LocalRedis.choosePort();

        try (LocalRedis redis = LocalRedis.startEmbeddedArtifact(port)) {
            assertThat(redis.source()).contains("embedded-redis");
            assertWorks(redis);
        }
    }

    private static void assertWorks(LocalRedis redis) {
        try (UnifiedJedis client = RedisSettings.of(redis.host(), redis.port()).createClient()) {
            client.set("k", "v");
            assertThat(client.get("k")).isEqualTo("v");
            assertThat(client.configGet("appendonly")).containsEntry("appendonly", "no");
        }
    }
}
