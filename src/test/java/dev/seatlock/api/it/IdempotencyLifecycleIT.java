package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.api.IdempotencyPurge;
import dev.seatlock.api.IdempotencyStore;
import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.UserTransaction;
import java.net.URL;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The life cycle of idempotency records, inside the server, where the records can be aged in the
 * database: a claim left by a server that died is taken over by a retry (once, however many retries
 * race), a live claim still answers 409, the slow original cannot overwrite the answer of the retry
 * that took its claim over, and old records are purged. With the default claim time-out (2 min) and
 * retention (24 h). Uses flight SL303, rows 25-28, which no other integration test on this server
 * uses.
 */
@ExtendWith(ArquillianExtension.class)
class IdempotencyLifecycleIT {

    private static final String FLIGHT = "SL303";
    private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(2);

    @Deployment
    static WebArchive deployment() {
        return Deployments.seatLockWith(
                IdempotencyLifecycleIT.class, PartnerApi.class, PartnerApi.Reply.class);
    }

    @Inject IdempotencyStore store;

    @Inject IdempotencyPurge purge;

    @Inject MetricRegistry metrics;

    @Inject EntityManager entityManager;

    @Inject UserTransaction transaction;

    private PartnerApi alpha;

    @BeforeEach
    void partner() throws Exception {
        alpha =
                new PartnerApi(
                        new URL("http://localhost:" + System.getProperty("http.port") + "/"),
                        PartnerApi.ALPHA_KEY);
    }

    @Test
    void aClaimLeftByADeadServerIsTakenOverByARetryOfTheSameRequest() throws Exception {
        String key = uniqueKey("dead-server");
        String body = PartnerApi.holdBody(FLIGHT, "25A");
        Reply first = alpha.post("holds", body, key);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(alpha.delete("holds/" + first.json().getString("holdId")).status())
                .isEqualTo(204);
        // As if the first attempt's server had died before its hold committed: a claim, 3 minutes
        // old.
        reopenAsClaim(key, Instant.now().minus(CLAIM_TIMEOUT).minusSeconds(60));

        Reply other = alpha.post("holds", PartnerApi.holdBody(FLIGHT, "25B"), key);
        assertThat(other.status())
                .as("another request under the stale claim's key: " + other)
                .isEqualTo(422);

        Reply retry = alpha.post("holds", body, key);

        assertThat(retry.status())
                .as("the retry runs instead of answering 409 for ever: " + retry)
                .isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotency-Key-Replayed"))
                .as("it ran, not replayed")
                .isEmpty();
        assertThat(retry.json().getString("holdId")).isNotEqualTo(first.json().getString("holdId"));
        assertThat(alpha.seatStates(FLIGHT))
                .containsEntry("25A", "HELD")
                .containsEntry("25B", "AVAILABLE");
        Reply again = alpha.post("holds", body, key);
        assertThat(again.headers().firstValue("Idempotency-Key-Replayed"))
                .as(again.toString())
                .contains("true");
        assertThat(again.json().getString("holdId"))
                .as("the taken-over claim kept its answer")
                .isEqualTo(retry.json().getString("holdId"));
    }

    @Test
    void aClaimYoungerThanTheTimeoutStillAnswers409() throws Exception {
        String key = uniqueKey("live-server");
        String body = PartnerApi.holdBody(FLIGHT, "26A");
        Reply first = alpha.post("holds", body, key);
        assertThat(alpha.delete("holds/" + first.json().getString("holdId")).status())
                .isEqualTo(204);
        // The first attempt is still running on a live server, claimed well within the time-out.
        reopenAsClaim(key, Instant.now().minus(CLAIM_TIMEOUT).plusSeconds(30));

        Reply retry = alpha.post("holds", body, key);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(409);
        assertThat(retry.json().getString("type")).endsWith("/conflict");
        assertThat(alpha.seatStates(FLIGHT)).as("nothing ran").containsEntry("26A", "AVAILABLE");
    }

    @Test
    void retriesRacingForAStaleClaimTakeItOverOnce() throws Exception {
        // Threads of their own: the server's shared executor need not run 8 tasks at once.
        ManagedThreadFactory threads =
                InitialContext.doLookup("java:comp/DefaultManagedThreadFactory");
        int racers = 8;
        for (int round = 0; round < 20; round++) {
            String id = "it|" + uniqueKey("race");
            store.claim(id, "fingerprint");
            age(id, Instant.now().minus(CLAIM_TIMEOUT).minusSeconds(60), null);
            CyclicBarrier start = new CyclicBarrier(racers);
            List<FutureTask<Optional<String>>> attempts = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                FutureTask<Optional<String>> attempt =
                        new FutureTask<>(
                                () -> {
                                    start.await(10, TimeUnit.SECONDS);
                                    return store.takeOver(
                                            id, "fingerprint", Instant.now().minus(CLAIM_TIMEOUT));
                                });
                attempts.add(attempt);
                threads.newThread(attempt).start();
            }

            long winners = 0;
            for (FutureTask<Optional<String>> attempt : attempts) {
                winners += attempt.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }

            assertThat(winners)
                    .as(
                            "take-overs of one stale claim by %d racing retries, round %d",
                            racers, round)
                    .isEqualTo(1);
        }
    }

    @Test
    void aSlowOriginalCannotOverwriteOrForgetTheClaimOfTheRetryThatTookItOver() throws Exception {
        String id = "it|" + uniqueKey("slow-original");
        String original = store.claim(id, "fingerprint");
        age(id, Instant.now().minus(CLAIM_TIMEOUT).minusSeconds(60), null);
        String retry =
                store.takeOver(id, "fingerprint", Instant.now().minus(CLAIM_TIMEOUT)).orElseThrow();
        assertThat(store.takeOver(id, "fingerprint", Instant.now().minus(CLAIM_TIMEOUT)))
                .as("a taken-over claim is fresh again")
                .isEmpty();

        assertThat(store.complete(id, original, 201, "/from-the-original", "{}"))
                .as("the original completes")
                .isFalse();
        assertThat(store.forget(id, original)).as("the original fails with a 5xx").isFalse();
        assertThat(store.complete(id, retry, 402, null, "{\"from\":\"retry\"}")).isTrue();
        assertThat(store.complete(id, retry, 201, "/twice", null))
                .as("a record completes once")
                .isFalse();

        Object[] kept =
                (Object[])
                        entityManager
                                .createNativeQuery(
                                        "SELECT STATUS, LOCATION FROM IDEMPOTENCY_RECORD WHERE ID = ?1")
                                .setParameter(1, id)
                                .getSingleResult();
        assertThat(((Number) kept[0]).intValue()).isEqualTo(402);
        assertThat(kept[1]).isNull();
    }

    @Test
    void thePurgeDeletesRecordsOlderThanTheRetentionInBatchesAndKeepsYoungerOnesAndRunningClaims()
            throws Exception {
        Instant now = Instant.now();
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(record("old-" + i, now.minus(Duration.ofHours(25)), true));
        }
        String abandoned = record("abandoned", now.minus(Duration.ofHours(25)), false);
        String young = record("young", now.minus(Duration.ofHours(23)), true);
        String running = record("running", now.minus(Duration.ofHours(25)), false);
        age(running, now.minusSeconds(10), now.minus(Duration.ofHours(25))); // taken over 10 s ago
        long purgedBefore = metrics.counter("seatlock.idempotency.purged").getCount();

        // Batches of 2, so that the purge has to loop; the rest as configured (retention 24 h).
        new IdempotencyPurge(store, metrics, Duration.ofHours(24), Duration.ofMinutes(10), 2)
                .purge();

        for (String id : old) {
            assertThat(exists(id)).as("completed 25 h ago: %s", id).isFalse();
        }
        assertThat(exists(abandoned)).as("claimed 25 h ago and never finished").isFalse();
        assertThat(exists(young)).as("completed 23 h ago").isTrue();
        assertThat(exists(running)).as("created 25 h ago but taken over 10 s ago").isTrue();
        assertThat(metrics.counter("seatlock.idempotency.purged").getCount() - purgedBefore)
                .as("rows purged, by this purge or a scheduled one")
                .isGreaterThanOrEqualTo(6L);
        purge.purge(); // the application's own, with nothing of ours left to delete
        assertThat(exists(young)).isTrue();
    }

    private static String uniqueKey(String what) {
        return what + "-" + UUID.randomUUID();
    }

    /** A record of this test's own, created at {@code createdAt}, completed or still claimed. */
    private String record(String name, Instant createdAt, boolean complete) throws Exception {
        String id = "it|" + uniqueKey(name);
        String token = store.claim(id, "fingerprint");
        if (complete) {
            assertThat(store.complete(id, token, 201, "/somewhere", "{}")).isTrue();
        }
        age(id, createdAt, createdAt);
        return id;
    }

    /** Sets when the record was created (if given) and claimed. */
    private void age(String id, Instant claimedAt, Instant createdAt) throws Exception {
        sql(
                "UPDATE IDEMPOTENCY_RECORD SET CLAIMED_AT = ?1"
                        + (createdAt == null ? "" : ", CREATED_AT = ?3")
                        + " WHERE ID = ?2",
                Timestamp.from(claimedAt),
                id,
                createdAt == null ? null : Timestamp.from(createdAt));
    }

    /**
     * Turns the completed record of {@code key} back into the claim of an attempt that never
     * finished.
     */
    private void reopenAsClaim(String key, Instant claimedAt) throws Exception {
        int reopened =
                sql(
                        "UPDATE IDEMPOTENCY_RECORD SET STATUS = 0, LOCATION = NULL, BODY = NULL,"
                                + " CLAIM_TOKEN = 'a-server-that-died', CLAIMED_AT = ?1 WHERE ID LIKE ?2",
                        Timestamp.from(claimedAt),
                        "%|" + key,
                        null);
        assertThat(reopened).as("records of key %s", key).isEqualTo(1);
    }

    private int sql(String statement, Object first, Object second, Object third) throws Exception {
        transaction.begin();
        try {
            var query =
                    entityManager
                            .createNativeQuery(statement)
                            .setParameter(1, first)
                            .setParameter(2, second);
            if (third != null) {
                query.setParameter(3, third);
            }
            int changed = query.executeUpdate();
            transaction.commit();
            return changed;
        } catch (Exception e) {
            transaction.rollback();
            throw e;
        }
    }

    private boolean exists(String id) {
        return ((Number)
                                entityManager
                                        .createNativeQuery(
                                                "SELECT COUNT(*) FROM IDEMPOTENCY_RECORD WHERE ID = ?1")
                                        .setParameter(1, id)
                                        .getSingleResult())
                        .intValue()
                == 1;
    }
}
