package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/**
 * Parsing of {@code seatlock.redis.topology} nodes; the clients themselves are tested on real
 * Redis.
 */
class RedisTopologyTest {

    @Test
    void nodesAreHostColonPortSeparatedByCommas() {
        assertThat(RedisTopology.parseNodes(" redis-1:26379, 10.0.0.2:26380 ,[::1]:26381"))
                .containsExactly(
                        new HostAndPort("redis-1", 26379),
                        new HostAndPort("10.0.0.2", 26380),
                        new HostAndPort("::1", 26381));
    }

    @Test
    void aNodeWithoutAPortIsRefused() {
        assertThatThrownBy(() -> RedisTopology.parseNodes("redis-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
    }

    @Test
    void sentinelAndClusterNeedNodesAndSentinelHasADefaultMasterName() {
        assertThatThrownBy(() -> RedisTopology.cluster(List.of()))
                .hasMessageContaining("seatlock.redis.cluster.nodes");
        assertThat(RedisTopology.sentinel(" ", List.of(new HostAndPort("s", 1))).masterName())
                .isEqualTo("seatlock");
        assertThat(RedisTopology.standalone().kind()).isEqualTo(RedisTopology.Kind.STANDALONE);
    }

    @Test
    void redlockNeedsAtLeastThreeServers() {
        assertThatThrownBy(() -> RedisTopology.redlock(List.of("redis://a:6379", "redis://b:6379")))
                .hasMessageContaining("at least 3");
        assertThat(
                        RedisTopology.redlock(
                                        List.of(
                                                "redis://a:6379",
                                                "redis://b:6379",
                                                "redis://c:6379"))
                                .urls())
                .hasSize(3);
    }
}
