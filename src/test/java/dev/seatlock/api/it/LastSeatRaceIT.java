package dev.seatlock.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.testing.Deployments;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many buyers on one seat at the same instant, over real HTTP, from real threads: exactly one wins.
 * Without the lock several holds would be created for the seat (nothing else in the hold path stops
 * them), so these tests fail when the lock is removed. Uses flight SL202.
 */
@ExtendWith(ArquillianExtension.class)
class LastSeatRaceIT {

    private static final String FLIGHT = "SL202";
    private static final int BUYERS = 200;
    private static final int PAYERS = 40;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.seatLockWith();
    }

    @ArquillianResource URL deployment;

    @Test
    void twoHundredBuyersRaceForOneSeatAndExactlyOneHoldsIt() throws Exception {
        PartnerApi alpha = new PartnerApi(deployment, PartnerApi.ALPHA_KEY);
        PartnerApi beta = alpha.as(PartnerApi.BETA_KEY);

        List<Reply> replies =
                race(BUYERS, buyer -> (buyer % 2 == 0 ? alpha : beta).hold(FLIGHT, "14C"));

        Map<Integer, Long> byStatus = countByStatus(replies);
        assertThat(byStatus)
                .as("answers by status")
                .containsEntry(201, 1L)
                .containsEntry(409, (long) BUYERS - 1);
        assertThat(alpha.seatStates(FLIGHT)).containsEntry("14C", "HELD");
    }

    @Test
    void paymentsRacingOnOneHoldBookItExactlyOnce() throws Exception {
        PartnerApi alpha = new PartnerApi(deployment, PartnerApi.ALPHA_KEY);
        String holdId = alpha.hold(FLIGHT, "15D").json().getString("holdId");

        List<Reply> replies =
                race(PAYERS, payer -> alpha.confirm(holdId, PartnerApi.APPROVED_CARD, "15D"));

        Map<Integer, Long> byStatus = countByStatus(replies);
        assertThat(byStatus)
                .as("answers by status")
                .containsEntry(201, 1L)
                .containsEntry(409, (long) PAYERS - 1);
        assertThat(alpha.seatStates(FLIGHT)).containsEntry("15D", "SOLD");
        String reference =
                replies.stream()
                        .filter(reply -> reply.status() == 201)
                        .findFirst()
                        .orElseThrow()
                        .json()
                        .getString("reference");
        assertThat(alpha.get("bookings/" + reference).json().getJsonArray("passengers")).hasSize(1);
    }

    /** Starts every call on its own thread at the same instant and collects all answers. */
    private static List<Reply> race(int racers, Function<Integer, Reply> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch ready = new CountDownLatch(racers);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Reply>> answers = new ArrayList<>();
            for (int racer = 0; racer < racers; racer++) {
                int id = racer;
                answers.add(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    ready.countDown();
                                    await(go);
                                    return call.apply(id);
                                },
                                threads));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .get(120, TimeUnit.SECONDS);
            List<Reply> replies = answers.stream().map(CompletableFuture::join).toList();
            assertThat(replies).as("no server errors").noneMatch(reply -> reply.status() >= 500);
            return replies;
        } finally {
            threads.shutdownNow();
        }
    }

    private static Map<Integer, Long> countByStatus(List<Reply> replies) {
        return replies.stream()
                .collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
