package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seatlock.lock.redis.RedisSettings;
import dev.seatlock.testing.LibertyProcess;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import dev.seatlock.testing.RedisTopologies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The {@code seatlock.redis.topology} setting end to end: a real Liberty server ({@link
 * LibertyProcess}, embedded Derby) running the WAR against a Sentinel deployment (primary, replica,
 * three Sentinels) whose primary is killed, against a Redis Cluster of three primaries, and against
 * three independent Redis servers under Redlock, two of which are killed in turn. The topology
 * reaches the application as environment variables ({@code SEATLOCK_REDIS_TOPOLOGY}, ...) in the
 * server's {@code server.env}, read by MicroProfile Config. Skipped, with a message, without
 * redis-server, redis-sentinel or redis-cli. Ports: {@code it.topology.ports} (default
 * 9780,9781,9782; HTTPS 9783,9784,9785).
 */
class RedisTopologiesIT {

    private static final String MASTER = "seatlock";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(30);

    private static int sentinelPort;
    private static int clusterPort;
    private static int redlockPort;

    @BeforeAll
    static void needsRedisBinaries() {
        assumeTrue(
                RedisTopologies.missingBinaries().isEmpty(),
                () ->
                        "Redis topology integration tests skipped: "
                                + RedisTopologies.missingBinaries().get());
        String[] ports = System.getProperty("it.topology.ports", "9780,9781,9782").split(",");
        sentinelPort = Integer.parseInt(ports[0].trim());
        clusterPort = Integer.parseInt(ports[1].trim());
        redlockPort = Integer.parseInt(ports[2].trim());
    }

    @Test
    void holdsGoOnThroughTheServerAfterTheSentinelPrimaryIsKilled() throws Exception {
        try (RedisTopologies redis = RedisTopologies.sentinel(MASTER);
                LibertyProcess server =
                        LibertyProcess.create(
                                "seatlock-topology-sentinel",
                                sentinelPort,
                                sentinelPort + 3,
                                Map.of(),
                                Map.of(
                                        "SEATLOCK_REDIS_TOPOLOGY",
                                        "sentinel",
                                        "SEATLOCK_REDIS_SENTINEL_MASTER",
                                        MASTER,
                                        "SEATLOCK_REDIS_SENTINEL_NODES",
                                        nodes(redis.addresses("sentinel")),
                                        "SEATLOCK_REDIS_EMBEDDED",
                                        "never"))) {
            long started = System.nanoTime();
            server.start(START_TIMEOUT);
            System.out.printf(
                    "[topology] sentinel: Liberty ready in %d ms%n", millisSince(started));
            assertThat(server.logTail(200))
                    .as("the server's log names the topology")
                    .contains("Locks are kept in Redis Sentinel master '" + MASTER + "'");
            PartnerApi alpha = new PartnerApi(server.url(), PartnerApi.ALPHA_KEY);

            Reply before = alpha.hold("SL101", "3A");
            assertThat(before.status()).as("hold before the failover: " + before).isEqualTo(201);
            String heldBefore = before.json().getString("holdId");
            Reply lostBefore = alpha.hold("SL101", "3C");
            assertThat(lostBefore.status())
                    .as("second hold before the failover: " + lostBefore)
                    .isEqualTo(201);
            String lostInFailover = lostBefore.json().getString("holdId");
            // Replication is asynchronous: a lease written on the primary just before it dies may
            // never reach the replica. Made certain here by deleting 3C's lock key on the replica
            // only.
            try (Jedis replica =
                    new Jedis(
                            redis.nodes("replica").get(0).address(),
                            DefaultJedisClientConfig.builder().build())) {
                String lockKey = RedisSettings.DEFAULT_KEY_PREFIX + "lock:seat:{SL101}:3C";
                long replicated = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!replica.exists(lockKey) && System.nanoTime() < replicated) {
                    Thread.sleep(10); // replication is asynchronous
                }
                replica.configSet("replica-read-only", "no");
                assertThat(replica.del(lockKey)).as("3C's lock key on the replica").isEqualTo(1);
            }

            long killed = System.nanoTime();
            redis.nodes("primary").get(0).kill();
            System.out.println("[topology] sentinel: primary killed");

            // A fresh seat per attempt: a failed attempt holds nothing, but no attempt should meet
            // an earlier one.
            Reply after = null;
            int attempts = 0;
            long deadline = killed + FAILOVER_BOUND.toNanos();
            while (System.nanoTime() < deadline) {
                attempts++;
                after = alpha.hold("SL101", (10 + attempts) + "B");
                if (after.status() == 201) {
                    break;
                }
                assertThat(after.status())
                        .as("hold during the failover (attempt " + attempts + "): " + after)
                        .isIn(503, 409);
                Thread.sleep(250);
            }
            long holdsBackMs = millisSince(killed);
            assertThat(after).isNotNull();
            assertThat(after.status())
                    .as("a hold within " + FAILOVER_BOUND + " of the kill: " + after)
                    .isEqualTo(201);
            System.out.printf(
                    "[topology] sentinel: holds succeed again %d ms after the kill (%d attempts)%n",
                    holdsBackMs, attempts);
            try (Jedis replica =
                    new Jedis(
                            redis.nodes("replica").get(0).address(),
                            DefaultJedisClientConfig.builder().build())) {
                assertThat(replica.info("replication"))
                        .as("the replica was promoted")
                        .contains("role:master");
            }

            // The lease that reached the replica survives the failover: the hold is confirmed and
            // the seat sold.
            Reply confirm = alpha.confirm(heldBefore, PartnerApi.APPROVED_CARD, "3A");
            assertThat(confirm.status())
                    .as("confirming the hold whose lease was replicated: " + confirm)
                    .isEqualTo(201);
            PartnerApi beta = alpha.as(PartnerApi.BETA_KEY);
            Reply rival = beta.hold("SL101", "3A");
            assertThat(rival.status())
                    .as("another partner's hold of the sold seat: " + rival)
                    .isEqualTo(409);

            // The lease the replica never had is lost: the promoted primary lets another partner
            // take 3C, and the first holder is told so rather than sold a seat it no longer holds.
            Reply taker = beta.hold("SL101", "3C");
            assertThat(taker.status())
                    .as("another partner's hold of the seat whose lease was lost: " + taker)
                    .isEqualTo(201);
            Reply lost = alpha.confirm(lostInFailover, PartnerApi.APPROVED_CARD, "3C");
            assertThat(lost.status())
                    .as("confirming the hold whose lease was lost in the failover: " + lost)
                    .isEqualTo(410);
            assertThat(lost.contentType()).startsWith("application/problem+json");
            Reply taken =
                    beta.confirm(taker.json().getString("holdId"), PartnerApi.APPROVED_CARD, "3C");
            assertThat(taken.status()).as("the new holder of 3C confirms: " + taken).isEqualTo(201);
            assertThat(alpha.seatStates("SL101"))
                    .containsEntry("3A", "SOLD")
                    .containsEntry("3C", "SOLD");
            System.out.println(
                    "[topology] sentinel: replicated lease confirmed with "
                            + confirm.status()
                            + ", lease lost in the failover answered "
                            + lost.status()
                            + ", its seat sold once to the next holder");

            long readyFrom = System.nanoTime();
            int ready = -1;
            while (System.nanoTime() < readyFrom + TimeUnit.SECONDS.toNanos(15)
                    && (ready = server.status("health/ready")) != 200) {
                Thread.sleep(250);
            }
            assertThat(ready)
                    .as("readiness after the failover:\n" + server.get("health/ready"))
                    .isEqualTo(200);
            assertThat(server.get("health/ready")).contains("\"UP\"");
        }
    }

    @Test
    void aMultiSeatHoldWorksThroughTheServerOnARedisClusterOfThreePrimaries() throws Exception {
        try (RedisTopologies redis = RedisTopologies.cluster();
                LibertyProcess server =
                        LibertyProcess.create(
                                "seatlock-topology-cluster",
                                clusterPort,
                                clusterPort + 3,
                                Map.of(),
                                Map.of(
                                        "SEATLOCK_REDIS_TOPOLOGY",
                                        "cluster",
                                        "SEATLOCK_REDIS_CLUSTER_NODES",
                                        nodes(redis.addresses("cluster-primary")),
                                        "SEATLOCK_REDIS_EMBEDDED",
                                        "never"))) {
            long started = System.nanoTime();
            server.start(START_TIMEOUT);
            System.out.printf("[topology] cluster: Liberty ready in %d ms%n", millisSince(started));
            assertThat(server.logTail(200))
                    .as("the server's log names the topology")
                    .contains("Locks are kept in Redis Cluster");
            PartnerApi alpha = new PartnerApi(server.url(), PartnerApi.ALPHA_KEY);

            // All seats of one flight share the {flight} hash tag: one slot, one script call.
            Reply hold = alpha.hold("SL202", "4A", "4B", "4C");
            assertThat(hold.status()).as("multi-seat hold on the cluster: " + hold).isEqualTo(201);
            // Other flights land on other slots (and primaries); each works the same.
            for (String flight : List.of("SL101", "SL303", "SL404")) {
                Reply other = alpha.hold(flight, "5A", "5B");
                assertThat(other.status())
                        .as("multi-seat hold of " + flight + ": " + other)
                        .isEqualTo(201);
            }
            Reply confirm =
                    alpha.confirm(
                            hold.json().getString("holdId"),
                            PartnerApi.APPROVED_CARD,
                            "4A",
                            "4B",
                            "4C");
            assertThat(confirm.status())
                    .as("confirming the multi-seat hold: " + confirm)
                    .isEqualTo(201);
            assertThat(alpha.seatStates("SL202"))
                    .containsEntry("4A", "SOLD")
                    .containsEntry("4B", "SOLD")
                    .containsEntry("4C", "SOLD");
            Reply again = alpha.as(PartnerApi.BETA_KEY).hold("SL202", "4B");
            assertThat(again.status()).as("holding a sold seat: " + again).isEqualTo(409);
            assertThat(server.status("health/ready")).isEqualTo(200);
        }
    }

    @Test
    void underRedlockTheServerSellsWhileTwoOfThreeRedisServersAnswerAndRefusesWithoutAMajority()
            throws Exception {
        try (RedisServer a = RedisServers.startCrashable();
                RedisServer b = RedisServers.startCrashable();
                RedisServer c = RedisServers.startCrashable();
                LibertyProcess server =
                        LibertyProcess.create(
                                "seatlock-topology-redlock",
                                redlockPort,
                                redlockPort + 3,
                                Map.of(),
                                Map.of(
                                        "SEATLOCK_REDIS_TOPOLOGY",
                                        "redlock",
                                        "SEATLOCK_REDIS_REDLOCK_NODES",
                                        a.url() + "," + b.url() + "," + c.url(),
                                        "SEATLOCK_REDIS_EMBEDDED",
                                        "never"))) {
            long started = System.nanoTime();
            server.start(START_TIMEOUT);
            System.out.printf("[topology] redlock: Liberty ready in %d ms%n", millisSince(started));
            assertThat(server.logTail(200))
                    .as("the server's log names the topology")
                    .contains("Locks are kept in Redlock over 3 independent Redis servers");
            PartnerApi alpha = new PartnerApi(server.url(), PartnerApi.ALPHA_KEY);
            PartnerApi beta = alpha.as(PartnerApi.BETA_KEY);
            String first = created(alpha.hold("SL303", "6A"));

            // One of three down: a majority still answers, so holds, refusals and sales go on.
            a.kill();
            System.out.println("[topology] redlock: server A killed");
            String second = created(alpha.hold("SL303", "6B"));
            Reply rival = beta.hold("SL303", "6A");
            assertThat(rival.status())
                    .as("another partner's hold of a seat held on B and C: " + rival)
                    .isEqualTo(409);
            Reply sale = alpha.confirm(first, PartnerApi.APPROVED_CARD, "6A");
            assertThat(sale.status())
                    .as("confirming with one server of three down: " + sale)
                    .isEqualTo(201);
            assertThat(server.status("health/ready"))
                    .as("readiness with one server of three down")
                    .isEqualTo(200);

            // Two of three down: no majority, so nothing is held or sold, and the server says why.
            b.kill();
            System.out.println("[topology] redlock: server B killed");
            Reply noMajority = alpha.hold("SL303", "6C");
            assertThat(noMajority.status())
                    .as("a hold with two servers of three down: " + noMajority)
                    .isEqualTo(503);
            assertThat(noMajority.contentType()).startsWith("application/problem+json");
            assertThat(server.status("health/ready"))
                    .as("readiness without a majority")
                    .isEqualTo(503);
            Reply seatMap = alpha.get("flights/SL303/seats");
            assertThat(seatMap.status())
                    .as("the seat map cannot say what is held without a majority: " + seatMap)
                    .isEqualTo(503);

            // A comes back empty: A and C are a majority again. A forgot the hold of 6B, C did not,
            // so nobody else gets 6B: one server's word is not a majority.
            a.restart();
            long restarted = System.nanoTime();
            System.out.println("[topology] redlock: server A restarted empty");
            Reply back = null;
            int attempts = 0;
            while (System.nanoTime() < restarted + FAILOVER_BOUND.toNanos()) {
                attempts++;
                back = alpha.hold("SL303", "6C");
                if (back.status() == 201) {
                    break;
                }
                assertThat(back.status())
                        .as("a hold while A comes back (attempt " + attempts + "): " + back)
                        .isEqualTo(503);
                Thread.sleep(250);
            }
            assertThat(back.status())
                    .as("a hold once A and C answer again: " + back)
                    .isEqualTo(201);
            System.out.printf(
                    "[topology] redlock: holds succeed %d ms after A restarted (%d attempts)%n",
                    millisSince(restarted), attempts);
            Reply stolen = beta.hold("SL303", "6B");
            assertThat(stolen.status())
                    .as("holding 6B, held on C, forgotten by the restarted A: " + stolen)
                    .isEqualTo(409);
            Reply third =
                    alpha.confirm(back.json().getString("holdId"), PartnerApi.APPROVED_CARD, "6C");
            assertThat(third.status()).as("confirming on A and C: " + third).isEqualTo(201);
            assertThat(alpha.seatStates("SL303"))
                    .containsEntry("6A", "SOLD")
                    .containsEntry("6B", "HELD")
                    .containsEntry("6C", "SOLD");
            assertThat(second).isNotBlank();
            assertThat(server.status("health/ready")).as("readiness with A and C").isEqualTo(200);
        }
    }

    private static String created(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("holdId");
    }

    private static String nodes(List<HostAndPort> addresses) {
        return addresses.stream()
                .map(a -> a.getHost() + ":" + a.getPort())
                .collect(Collectors.joining(","));
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
