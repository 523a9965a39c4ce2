package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.Sleep;
import dev.seatlock.testing.TestLimits;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The abuse limits through the partner API (README "Abuse limits"), on a deployment of their own
 * with tight limits ({@link TestLimits#TIGHT}: 4 seats per partner on a flight, 6 in all, 40 calls
 * per partner key then one every 10 s, 60 requests per address then one a second, 3 declines per
 * hold). Each test is its own partner, calls from a client address of its own ({@code
 * X-Forwarded-For}, believed from loopback), and gives back what it holds. Seats: SL101 and SL202,
 * rows 26 to 30, which no other test on this server uses.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AbuseLimitsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestLimits.tightDeployment("seatlock-abuse-api.war");
    }

    @ArquillianResource URL base;

    private PartnerApi partner(String key) {
        return new PartnerApi(base, key).from(TestLimits.freshAddress());
    }

    @Test
    void aPartnerHoldsFourSeatsOfAFlightAndTheFifthIsRefusedUntilOneIsReleased() {
        PartnerApi api = partner(TestLimits.QUOTA_KEY);
        List<String> holds = new ArrayList<>();
        try {
            for (String seat : List.of("26A", "26B", "26C", "26D")) {
                holds.add(created(api.hold("SL101", seat)));
            }

            Reply fifth = api.hold("SL101", "26E");
            assertTooMany(fifth, "/held-seat-limit");
            assertThat(fifth.json().getString("detail"))
                    .as("names the cap")
                    .contains("At most 4 seats")
                    .contains("SL101");
            long retryAfter = Long.parseLong(fifth.headers().firstValue("Retry-After").get());
            assertThat(retryAfter)
                    .as("until the first hold lapses: its 10 minutes and the 15 s lock lease")
                    .isBetween(590L, 615L);
            assertThat(api.seatStates("SL101"))
                    .as("the refused hold locked nothing")
                    .containsEntry("26E", "AVAILABLE");

            assertThat(api.delete("holds/" + holds.remove(0)).status()).isEqualTo(204);
            holds.add(created(api.hold("SL101", "26E")));
        } finally {
            releaseAll(api, holds);
        }
    }

    @Test
    void aPartnerHoldsSixSeatsOnAllFlightsTogether() {
        PartnerApi api = partner(TestLimits.QUOTA_KEY);
        List<String> holds = new ArrayList<>();
        try {
            holds.add(created(api.hold("SL101", "27A", "27B", "27C", "27D")));
            holds.add(created(api.hold("SL202", "27A", "27B")));

            Reply seventh = api.hold("SL202", "27C");
            assertTooMany(seventh, "/held-seat-limit");
            assertThat(seventh.json().getString("detail")).contains("At most 6 seats");
        } finally {
            releaseAll(api, holds);
        }
    }

    @Test
    void racingHoldsOfOnePartnerNeverTakeItPastItsSeats() throws Exception {
        PartnerApi api = partner(TestLimits.RACE_KEY);
        List<String> seats = new ArrayList<>();
        for (String row : List.of("28", "29")) {
            for (char letter = 'A'; letter <= 'F'; letter++) {
                seats.add(row + letter);
            }
        }
        List<Reply> replies = race(seats.size(), i -> api.hold("SL202", seats.get(i)));
        List<String> holds =
                replies.stream()
                        .filter(reply -> reply.status() == 201)
                        .map(reply -> reply.json().getString("holdId"))
                        .toList();
        try {
            Map<Integer, Long> byStatus =
                    replies.stream()
                            .collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
            assertThat(byStatus)
                    .as("12 holds of one seat at once, 4 allowed")
                    .containsEntry(201, 4L)
                    .containsEntry(429, 8L);
            long held =
                    api.seatStates("SL202").entrySet().stream()
                            .filter(e -> seats.contains(e.getKey()))
                            .filter(e -> e.getValue().equals("HELD"))
                            .count();
            assertThat(held).as("seats held on SL202 rows 28-29").isEqualTo(4);
        } finally {
            releaseAll(api, new ArrayList<>(holds));
        }
    }

    @Test
    void anExpiredHoldStopsCountingByItself() {
        PartnerApi api = partner(TestLimits.EXPIRY_KEY);
        created(api.holdFor(Duration.ofSeconds(1), "SL101", "28A", "28B", "28C", "28D"));
        assertTooMany(api.hold("SL101", "28E"), "/held-seat-limit");

        // Nobody releases it: the reservation lapses on Redis' clock, at most the 15 s lock
        // lease after the hold's own second.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Reply again;
        do {
            Sleep.quietly(Duration.ofSeconds(1));
            again = api.hold("SL101", "28E");
        } while (again.status() == 429 && System.nanoTime() < deadline);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        api.delete("holds/" + again.json().getString("holdId"));
    }

    @Test
    void aPartnerKeyPastItsRateIsAnswered429WithRetryAfter() {
        PartnerApi api = partner(TestLimits.RATE_KEY);
        int passed = 0;
        Reply refused = null;
        for (int i = 0; i < 50 && refused == null; i++) {
            Reply reply = api.get("flights");
            if (reply.status() == 429) {
                refused = reply;
            } else {
                assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                passed++;
            }
        }
        assertThat(refused).as("a call past the burst of 40 is refused").isNotNull();
        assertThat(passed).as("calls let through first").isBetween(40, 42);
        assertTooMany(refused, "/too-many-requests");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").get()))
                .as("one token every 10 s")
                .isBetween(1L, 10L);
        assertThat(partner(TestLimits.QUOTA_KEY).get("flights").status())
                .as("another partner's key is not limited by this one's")
                .isEqualTo(200);
    }

    @Test
    void aClientAddressPastItsRateIsAnswered429WithRetryAfter() {
        PartnerApi anonymous = new PartnerApi(base, null).from(TestLimits.freshAddress());
        int passed = 0;
        Reply refused = null;
        for (int i = 0; i < 120 && refused == null; i++) {
            Reply reply = anonymous.get("flights");
            if (reply.status() == 429) {
                refused = reply;
            } else {
                assertThat(reply.status()).as("no key: " + reply).isEqualTo(401);
                passed++;
            }
        }
        assertThat(refused).as("requests past the burst of 60 are refused").isNotNull();
        assertThat(passed).as("requests let through first").isBetween(60, 75);
        assertTooMany(refused, "/too-many-requests");
    }

    @Test
    void aDeclineNeverNamesTheCard() {
        PartnerApi api = partner(TestLimits.DECLINE_KEY);
        String holdId = created(api.hold("SL101", "29D"));
        try {
            Reply declined = api.confirm(holdId, PartnerApi.DECLINED_CARD, "29D");
            assertThat(declined.status()).as(declined.toString()).isEqualTo(402);
            assertThat(declined.json().getString("detail"))
                    .as("the decline names no card digits")
                    .doesNotContainPattern("\\d{4}")
                    .doesNotContain("0002");
        } finally {
            api.delete("holds/" + holdId);
        }
    }

    @Test
    void threeDeclinedCardsReleaseTheHold() {
        PartnerApi api = partner(TestLimits.DECLINE_KEY);
        String holdId = created(api.hold("SL101", "29A"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            Reply declined = api.confirm(holdId, PartnerApi.DECLINED_CARD, "29A");
            assertThat(declined.status()).as("decline " + attempt + ": " + declined).isEqualTo(402);
            String detail = declined.json().getString("detail");
            if (attempt < 3) {
                assertThat(api.get("holds/" + holdId).status())
                        .as("the hold stays after decline " + attempt)
                        .isEqualTo(200);
            } else {
                assertThat(detail).as("the third says so").contains("hold was released");
            }
        }
        assertThat(api.get("holds/" + holdId).status())
                .as("after three declined cards the hold is gone")
                .isEqualTo(410);
        assertThat(api.seatStates("SL101"))
                .as("its seat is for sale again")
                .containsEntry("29A", "AVAILABLE");
        Reply fourth = api.confirm(holdId, PartnerApi.APPROVED_CARD, "29A");
        assertThat(fourth.status()).as("no fourth try on that hold: " + fourth).isEqualTo(410);
    }

    @Test
    void aPartnerWithinTheLimitsNeverSeesOne() {
        PartnerApi api = partner(TestLimits.DECLINE_KEY);
        String holdId = created(api.hold("SL101", "30A", "30B", "30C", "30D"));
        Reply declined = api.confirm(holdId, PartnerApi.DECLINED_CARD, "30A", "30B", "30C", "30D");
        assertThat(declined.status()).as(declined.toString()).isEqualTo(402);
        Reply booked = api.confirm(holdId, PartnerApi.APPROVED_CARD, "30A", "30B", "30C", "30D");
        assertThat(booked.status()).as("one decline, then paid: " + booked).isEqualTo(201);

        // Sold seats are not held: the partner may hold four seats of the flight again at once.
        String next = created(api.hold("SL101", "30E", "30F", "29B", "29C"));
        api.delete("holds/" + next);
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("flights").status()).as("call " + i).isEqualTo(200);
        }
    }

    private static String created(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("holdId");
    }

    private static void assertTooMany(Reply reply, String typeSuffix) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(429);
        assertThat(reply.contentType()).as("content type").startsWith("application/problem+json");
        assertThat(reply.json().getString("type")).as("problem type").endsWith(typeSuffix);
        assertThat(reply.json().getInt("status")).isEqualTo(429);
        assertThat(reply.headers().firstValue("Retry-After"))
                .as("Retry-After")
                .hasValueSatisfying(value -> assertThat(Long.parseLong(value)).isPositive());
    }

    private static void releaseAll(PartnerApi api, List<String> holds) {
        for (String hold : holds) {
            api.delete("holds/" + hold);
        }
    }

    private static List<Reply> race(int racers, java.util.function.IntFunction<Reply> call)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Reply>> answers = new ArrayList<>();
            for (int racer = 0; racer < racers; racer++) {
                int id = racer;
                answers.add(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        go.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    return call.apply(id);
                                },
                                threads));
            }
            go.countDown();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdownNow();
        }
    }
}
