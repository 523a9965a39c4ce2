package dev.seatlock.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.lock.EvictionReport;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import dev.seatlock.testing.RedisTopologies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/** Redis' maxmemory-policy as the start-up log and the readiness check see it, on a real Redis. */
class RedisEvictionCheckTest {

    private static RedisServer redis;
    private static UnifiedJedis client;

    @BeforeAll
    static void startRedis() {
        redis = RedisServers.startCrashable();
        client = LockTestSupport.settingsFor(redis).createClient();
    }

    @AfterAll
    static void stopRedis() {
        client.close();
        redis.close();
    }

    @Test
    void aRedisThatRefusesWritesWhenFullIsReportedWithoutWarning() {
        EvictionReport report = RedisEvictionCheck.of("lock-store", client).check();

        assertThat(report.policies()).isEqualTo("noeviction");
        assertThat(report.evicts()).isFalse();
        assertThat(report.warning()).as("warning").isEmpty();
        assertThat(report.unchecked()).as("unchecked").isEmpty();
    }

    @Test
    void aVolatilePolicyIsReportedWithAWarningThatItEvictsTheLeases() {
        String before = client.configGet("maxmemory-policy").get("maxmemory-policy");
        client.configSet("maxmemory-policy", "volatile-lru");
        try {
            EvictionReport report = RedisEvictionCheck.of("lock-store", client).check();

            assertThat(report.policies()).isEqualTo("volatile-lru");
            assertThat(report.evicts()).isTrue();
            assertThat(report.warning())
                    .as("warning")
                    .hasValueSatisfying(
                            warning ->
                                    assertThat(warning)
                                            .contains(
                                                    "volatile-lru",
                                                    "exactly SeatLock's leases",
                                                    "noeviction"));
        } finally {
            client.configSet("maxmemory-policy", before);
        }
    }

    @Test
    void anAllKeysPolicyIsReportedAsEvicting() {
        client.configSet("maxmemory-policy", "allkeys-lru");
        try {
            assertThat(RedisEvictionCheck.of("lock-store", client).check().warning())
                    .hasValueSatisfying(
                            warning ->
                                    assertThat(warning).contains("allkeys-lru", "evicts any key"));
        } finally {
            client.configSet("maxmemory-policy", "noeviction");
        }
    }

    @Test
    void theStartUpLogWarnsOfAnEvictingPolicyAndOfOneThatCouldNotBeChecked() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler =
                new Handler() {
                    @Override
                    public void publish(LogRecord record) {
                        records.add(record);
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        Logger log = Logger.getLogger(RedisLockServiceProducer.class.getName());
        log.addHandler(handler);
        try {
            RedisLockServiceProducer.logEvictionPolicy(
                    new EvictionReport(
                            List.of(
                                    EvictionReport.Server.read("a:1", "volatile-lru"),
                                    EvictionReport.Server.unchecked("b:2", "CONFIG GET refused"))));
        } finally {
            log.removeHandler(handler);
        }

        List<String> warnings =
                records.stream()
                        .filter(r -> r.getLevel() == Level.WARNING)
                        .map(r -> new SimpleFormatter().formatMessage(r))
                        .toList();
        assertThat(warnings).as("warnings logged").hasSize(2);
        assertThat(warnings.get(0)).contains("may evict leases", "volatile-lru on a:1");
        assertThat(warnings.get(1))
                .contains(
                        "Could not check the lock store's maxmemory-policy",
                        "b:2: CONFIG GET refused");
    }

    @Test
    void aRedisThatRefusesConfigIsReportedUncheckedNotAsAnError() {
        // As on a managed Redis: the user may lock but not read the configuration.
        client.sendCommand(
                Protocol.Command.ACL,
                "SETUSER",
                "locker",
                "on",
                ">locker-pw",
                "~*",
                "+@all",
                "-config");
        try (UnifiedJedis locker =
                RedisSettings.fromUrl(
                                "redis://locker:locker-pw@" + redis.host() + ":" + redis.port())
                        .createClient()) {
            EvictionReport report = RedisEvictionCheck.of("managed", locker).check();

            assertThat(report.policies()).isEqualTo("unknown");
            assertThat(report.incomplete()).isTrue();
            assertThat(report.evicts()).isFalse();
            assertThat(report.unchecked())
                    .hasValueSatisfying(
                            reason -> assertThat(reason).startsWith("managed: CONFIG GET refused"));
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsReportedUncheckedBesideTheOthers() {
        RedisServer down = RedisServers.startCrashable();
        RedisSettings downSettings = LockTestSupport.settingsFor(down);
        try (UnifiedJedis downClient = downSettings.createClient()) {
            down.stop();
            EvictionReport report =
                    new RedisEvictionCheck(
                                    List.of(
                                            new RedisEvictionCheck.Target("a:1", client),
                                            new RedisEvictionCheck.Target("b:2", downClient)))
                            .check();

            assertThat(report.policies()).isEqualTo("a:1=noeviction, b:2=unknown");
            assertThat(report.unchecked())
                    .hasValueSatisfying(reason -> assertThat(reason).startsWith("b:2: no answer"));
        } finally {
            down.close();
        }
    }

    @Test
    void theClusterCheckAsksEveryNode() {
        assumeTrue(
                RedisTopologies.missingBinaries().isEmpty(),
                () -> "skipped: " + RedisTopologies.missingBinaries().get());
        try (RedisTopologies cluster = RedisTopologies.cluster()) {
            RedisTopology topology =
                    RedisTopology.cluster(cluster.addresses("cluster-primary").subList(0, 1));
            RedisSettings settings =
                    RedisSettings.of("localhost", 6379)
                            .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500))
                            .withPool(4, Duration.ofMillis(500));
            try (UnifiedJedis clusterClient = topology.createClient(settings)) {
                EvictionReport report = RedisEvictionCheck.of("cluster", clusterClient).check();

                assertThat(report.servers()).as("nodes asked").hasSizeGreaterThanOrEqualTo(3);
                assertThat(report.servers())
                        .allSatisfy(server -> assertThat(server.policy()).hasValue("noeviction"));
            }
        }
    }
}
