package dev.seatlock.api.it;

import dev.seatlock.lock.redis.RedisSettings;
import dev.seatlock.testing.LibertyProcess;
import dev.seatlock.testing.PartnerApi;
import dev.seatlock.testing.PartnerApi.Reply;
import dev.seatlock.testing.RedisServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A bounded, Jepsen-style run: buyers hold, confirm, release, let expire and cancel random seats of
 * one flight on random servers while a nemesis restarts Redis empty, kills it and freezes it; every
 * operation is recorded with its time and outcome. {@link #check} then compares the history with
 * what the database holds:
 *
 * <ul>
 *   <li>no seat has two active bookings, and no seat's bookings overlap in time (a booking was
 *       written only after the previous one of the seat had been cancelled);
 *   <li>every booked seat carries its hold's fencing token, and per seat the tokens of successive
 *       bookings grow;
 *   <li>no booking was written while another holder of the seat had a valid lease: no hold of the
 *       seat with a newer token was granted before the booking was written;
 *   <li>every buyer told "confirmed" has that booking, and no buyer told it failed has one (a call
 *       whose answer was lost is indeterminate and counted);
 *   <li>every answer is a documented one: no 500.
 * </ul>
 */
final class SaleHistory {

    /**
     * One operation: what, where, when (wall clock of this machine), and what the buyer was told.
     */
    record Op(
            long id,
            String type,
            String server,
            String partner,
            List<String> seats,
            String holdId,
            Instant start,
            Instant end,
            int status,
            String answer) {

        /**
         * The answer was lost, or said honestly that the outcome is not known yet (503
         * booking-outcome-unknown).
         */
        boolean indeterminate() {
            return status < 0
                    || (status == 503
                            && answer != null
                            && answer.contains("booking-outcome-unknown"));
        }
    }

    /** One injected fault. */
    record Fault(String kind, Instant start, Instant end) {}

    private final String flight;
    private final List<String> seats;
    private final List<LibertyProcess> servers;
    private final RedisServer redis;
    private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Integer> checked = new TreeMap<>();

    SaleHistory(
            String flight, List<String> seats, List<LibertyProcess> servers, RedisServer redis) {
        this.flight = flight;
        this.seats = List.copyOf(seats);
        this.servers = List.copyOf(servers);
        this.redis = redis;
    }

    /**
     * Runs {@code buyers} buyers for {@code length}, with a Redis fault every {@code faultEvery}.
     */
    void run(int buyers, Duration length, Duration faultEvery) throws InterruptedException {
        long deadline = System.nanoTime() + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(buyers + 1);
        for (int i = 0; i < buyers; i++) {
            String key = i % 2 == 0 ? PartnerApi.ALPHA_KEY : PartnerApi.BETA_KEY;
            pool.submit(() -> buyer(key, deadline));
        }
        pool.submit(() -> nemesis(deadline, faultEvery));
        pool.shutdown();
        // Every HTTP call is bounded (30 s), so the buyers end soon after the deadline.
        if (!pool.awaitTermination(length.toSeconds() + 90, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new IllegalStateException("buyers did not finish in time");
        }
    }

    private void buyer(String key, long deadline) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline) {
            List<String> shuffled = new ArrayList<>(seats);
            Collections.shuffle(shuffled, random);
            List<String> chosen = List.copyOf(shuffled.subList(0, random.nextInt(10) < 7 ? 1 : 2));
            Duration holdFor = Duration.ofMillis(1_000 + random.nextInt(2_000));
            Op hold =
                    call(
                            "hold",
                            key,
                            chosen,
                            null,
                            api -> api.holdFor(holdFor, flight, chosen.toArray(String[]::new)));
            if (hold.status() != 201) {
                pause(100 + random.nextInt(200));
                continue;
            }
            String holdId = hold.answer();
            int choice = random.nextInt(100);
            if (choice < 12) {
                pause(random.nextInt(300));
                call("release", key, chosen, holdId, api -> api.delete("holds/" + holdId));
                continue;
            }
            if (choice < 22) {
                pause(holdFor.toMillis() + 300); // let it expire, then try to pay anyway
            } else {
                pause(random.nextInt((int) (holdFor.toMillis() * 0.7)));
            }
            String card = choice < 32 ? PartnerApi.SLOW_CARD : PartnerApi.APPROVED_CARD;
            Op confirm =
                    call(
                            choice < 22
                                    ? "confirm-expired"
                                    : card.equals(PartnerApi.SLOW_CARD)
                                            ? "confirm-slow"
                                            : "confirm",
                            key,
                            chosen,
                            holdId,
                            api -> api.confirm(holdId, card, chosen.toArray(String[]::new)));
            // Most bookings are cancelled again soon, so that seats keep changing hands during the
            // run.
            if (confirm.status() == 201 && random.nextInt(100) < 75) {
                pause(random.nextInt(500));
                String reference = confirm.answer();
                call("cancel", key, chosen, holdId, api -> api.delete("bookings/" + reference));
            }
        }
    }

    private Op call(
            String type,
            String key,
            List<String> chosen,
            String holdId,
            java.util.function.Function<PartnerApi, Reply> call) {
        LibertyProcess server = servers.get(ThreadLocalRandom.current().nextInt(servers.size()));
        PartnerApi api = new PartnerApi(server.url(), key);
        Instant start = Instant.now();
        int status;
        String answer;
        String id = holdId;
        try {
            Reply reply = call.apply(api);
            status = reply.status();
            answer = reply.body();
            if (status == 201 && type.equals("hold")) {
                id = reply.json().getString("holdId");
                answer = id;
            } else if (status == 201) {
                answer = reply.json().getString("reference");
            }
        } catch (RuntimeException e) {
            status = -1; // the answer was lost: the outcome is unknown
            answer = e.toString();
        }
        Op op =
                new Op(
                        ids.incrementAndGet(),
                        type,
                        server.name(),
                        key.equals(PartnerApi.ALPHA_KEY) ? "alpha" : "beta",
                        List.copyOf(chosen),
                        id,
                        start,
                        Instant.now(),
                        status,
                        answer);
        ops.add(op);
        return op;
    }

    private void nemesis(long deadline, Duration every) {
        int n = 0;
        while (true) {
            pause(every.toMillis());
            if (System.nanoTime() >= deadline) {
                return;
            }
            sampleLockTtls();
            Instant start = Instant.now();
            String kind;
            switch (n++ % 3) {
                case 0 -> {
                    kind = "redis-restarted-empty";
                    redis.restart();
                }
                case 1 -> {
                    kind = "redis-killed-1s";
                    redis.kill();
                    pause(1_000);
                    redis.start();
                }
                default -> {
                    kind = "redis-frozen-1.5s";
                    redis.pause();
                    pause(1_500);
                    redis.resume();
                }
            }
            faults.add(new Fault(kind, start, Instant.now()));
            System.out.println("[nemesis] " + kind + " at " + start);
        }
    }

    /**
     * Lock keys seen without an expiry during the run (a lease that would never end): must stay
     * empty.
     */
    private final ConcurrentLinkedQueue<String> locksWithoutTtl = new ConcurrentLinkedQueue<>();

    private final AtomicLong lockKeysSampled = new AtomicLong();

    /** Before each fault, while Redis is up: every lock key must have a TTL. */
    private void sampleLockTtls() {
        try (UnifiedJedis client = RedisSettings.fromUrl(redis.url()).createClient()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page =
                        client.scan(
                                cursor,
                                new ScanParams()
                                        .match(RedisSettings.DEFAULT_KEY_PREFIX + "lock:*")
                                        .count(500));
                for (String key : page.getResult()) {
                    lockKeysSampled.incrementAndGet();
                    if (client.pttl(key) == -1) {
                        locksWithoutTtl.add(key + " at " + Instant.now());
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        } catch (RuntimeException e) {
            System.out.println("[nemesis] could not sample lock TTLs: " + e);
        }
    }

    long confirmed() {
        return ops.stream()
                .filter(op -> op.type().startsWith("confirm") && op.status() == 201)
                .count();
    }

    long faults() {
        return faults.size();
    }

    /** Every violation found, as a sentence; empty when the history and the database agree. */
    List<String> check(Connection db) throws SQLException {
        List<String> violations = new ArrayList<>();
        locksWithoutTtl.forEach(
                key -> violations.add("lock key without TTL during the run: " + key));
        count(
                "lock keys sampled during the run (all must have a TTL)",
                (int) lockKeysSampled.get());
        Map<String, Hold> holds = holds(db);
        List<Booked> booked = booked(db);
        Map<String, Booked> byReference = new HashMap<>();
        for (Booked b : booked) {
            byReference.putIfAbsent(b.reference(), b);
        }

        // 1. One active booking per seat, in the database.
        Map<String, Long> active =
                booked.stream()
                        .filter(Booked::active)
                        .collect(Collectors.groupingBy(Booked::seat, Collectors.counting()));
        active.forEach(
                (seat, count) -> {
                    if (count > 1) {
                        violations.add("seat " + seat + " has " + count + " active bookings");
                    }
                });
        count("seats with an active booking", active.size());

        // 2. Each booked seat carries its hold's token; per seat, tokens of successive bookings
        // grow.
        for (Booked b : booked) {
            Hold hold = holds.get(b.holdId());
            Long expected = hold == null ? null : hold.tokens().get(b.seat());
            if (expected == null || expected != b.token()) {
                violations.add(
                        "booking "
                                + b.reference()
                                + " seat "
                                + b.seat()
                                + " has token "
                                + b.token()
                                + " but its hold "
                                + b.holdId()
                                + " was given "
                                + expected);
            }
        }
        Map<String, List<Booked>> perSeat =
                booked.stream()
                        .sorted(Comparator.comparing(Booked::createdAt))
                        .collect(
                                Collectors.groupingBy(
                                        Booked::seat, TreeMap::new, Collectors.toList()));
        Map<String, Op> cancels =
                ops.stream()
                        .filter(op -> op.type().equals("cancel") && op.status() == 204)
                        .collect(Collectors.toMap(Op::holdId, op -> op, (a, b) -> a));
        Map<String, Op> cancelAttempts =
                ops.stream()
                        .filter(op -> op.type().equals("cancel"))
                        .collect(Collectors.toMap(Op::holdId, op -> op, (a, b) -> a));
        for (Map.Entry<String, List<Booked>> seat : perSeat.entrySet()) {
            List<Booked> list = seat.getValue();
            for (int i = 1; i < list.size(); i++) {
                Booked before = list.get(i - 1);
                Booked after = list.get(i);
                if (after.token() <= before.token()) {
                    violations.add(
                            "seat "
                                    + seat.getKey()
                                    + ": booking "
                                    + after.reference()
                                    + " has token "
                                    + after.token()
                                    + ", not newer than the earlier booking "
                                    + before.reference()
                                    + " ("
                                    + before.token()
                                    + ")");
                }
                // 3. Sold at most once at a time: the earlier booking was cancelled before the
                // later was written.
                Op cancel = cancelAttempts.get(before.holdId());
                if (before.active()) {
                    violations.add(
                            "seat "
                                    + seat.getKey()
                                    + " sold twice: "
                                    + before.reference()
                                    + " and "
                                    + after.reference()
                                    + " are both active");
                } else if (cancel == null) {
                    violations.add(
                            "seat "
                                    + seat.getKey()
                                    + ": booking "
                                    + before.reference()
                                    + " is cancelled but no buyer cancelled it");
                } else if (after.createdAt().isBefore(cancel.start())) {
                    violations.add(
                            "seat "
                                    + seat.getKey()
                                    + ": booking "
                                    + after.reference()
                                    + " written at "
                                    + after.createdAt()
                                    + " while "
                                    + before.reference()
                                    + " stood until its cancel at "
                                    + cancel.start());
                }
            }
        }

        // 4. No booking written while a newer holder of the seat had been granted a lease.
        for (Booked b : booked) {
            for (Hold other : holds.values()) {
                Long otherToken = other.tokens().get(b.seat());
                if (otherToken != null
                        && otherToken > b.token()
                        && other.createdAt().isBefore(b.createdAt())) {
                    violations.add(
                            "booking "
                                    + b.reference()
                                    + " of "
                                    + b.seat()
                                    + " (token "
                                    + b.token()
                                    + ") written at "
                                    + b.createdAt()
                                    + " after hold "
                                    + other.id()
                                    + " took the seat at "
                                    + other.createdAt()
                                    + " with token "
                                    + otherToken);
                }
            }
        }

        // 5. Every answer is a documented one: a 500 means a failure the API did not understand.
        for (Op op : ops) {
            if (op.status() >= 500 && op.status() != 503) {
                violations.add(
                        op.type()
                                + " on "
                                + op.server()
                                + " answered "
                                + op.status()
                                + ": "
                                + op.answer());
            }
        }

        // 6. What buyers were told matches what was written.
        Map<String, List<Booked>> byHold =
                booked.stream().collect(Collectors.groupingBy(Booked::holdId));
        int indeterminate = 0;
        for (Op op : ops) {
            if (!op.type().startsWith("confirm")) {
                continue;
            }
            if (op.indeterminate()) {
                indeterminate++;
                continue;
            }
            boolean written = byHold.containsKey(op.holdId());
            if (op.status() == 201 && !byReference.containsKey(op.answer())) {
                violations.add(
                        "buyer told confirmed ("
                                + op.answer()
                                + ", hold "
                                + op.holdId()
                                + ") but no such booking");
            }
            if (op.status() != 201 && written) {
                violations.add(
                        "buyer told "
                                + op.status()
                                + " for hold "
                                + op.holdId()
                                + " but booking "
                                + byHold.get(op.holdId()).get(0).reference()
                                + " was written");
            }
        }
        for (Booked b : booked) {
            if (!cancels.containsKey(b.holdId()) && !b.active()) {
                violations.add(
                        "booking " + b.reference() + " is cancelled though no cancel succeeded");
            }
        }
        count("bookings written", byReference.size());
        count("holds written", holds.size());
        count("confirmations with a lost answer (indeterminate)", indeterminate);
        return violations;
    }

    String summary(List<String> violations) {
        Map<String, Long> byOutcome =
                ops.stream()
                        .collect(
                                Collectors.groupingBy(
                                        op ->
                                                op.type()
                                                        + " "
                                                        + (op.indeterminate()
                                                                ? "lost"
                                                                : Integer.toString(op.status())),
                                        TreeMap::new,
                                        Collectors.counting()));
        Map<String, Long> byFault =
                faults.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Fault::kind, TreeMap::new, Collectors.counting()));
        Map<String, Long> byServer =
                ops.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Op::server, TreeMap::new, Collectors.counting()));
        StringBuilder out =
                new StringBuilder("[history] ")
                        .append(ops.size())
                        .append(" operations on ")
                        .append(seats.size())
                        .append(" seats of ")
                        .append(flight)
                        .append(", by server ")
                        .append(byServer)
                        .append('\n');
        byOutcome.forEach(
                (k, v) -> out.append("[history]   ").append(k).append(": ").append(v).append('\n'));
        out.append("[history] ")
                .append(faults.size())
                .append(" faults: ")
                .append(byFault)
                .append('\n');
        checked.forEach(
                (k, v) -> out.append("[history] ").append(k).append(": ").append(v).append('\n'));
        out.append("[history] violations: ").append(violations.size());
        violations.forEach(v -> out.append("\n[history]   ").append(v));
        return out.toString();
    }

    private void count(String what, int n) {
        checked.put(what, n);
    }

    private record Hold(String id, Instant createdAt, Map<String, Long> tokens) {}

    private record Booked(
            String reference,
            String holdId,
            String seat,
            boolean active,
            long token,
            Instant createdAt) {}

    private Map<String, Hold> holds(Connection db) throws SQLException {
        Map<String, Hold> holds = new HashMap<>();
        try (Statement sql = db.createStatement();
                ResultSet rows =
                        sql.executeQuery(
                                "SELECT ID, SEATS, FENCING_TOKENS, CREATED_AT FROM SEAT_HOLD WHERE FLIGHT_ID = '"
                                        + flight
                                        + "'")) {
            while (rows.next()) {
                String[] seatCodes = rows.getString(2).split(",");
                String[] tokens = rows.getString(3).split(",");
                Map<String, Long> byCode = new HashMap<>();
                for (int i = 0; i < seatCodes.length; i++) {
                    byCode.put(seatCodes[i], Long.parseLong(tokens[i]));
                }
                holds.put(
                        rows.getString(1),
                        new Hold(rows.getString(1), rows.getTimestamp(4).toInstant(), byCode));
            }
        }
        return holds;
    }

    private List<Booked> booked(Connection db) throws SQLException {
        List<Booked> booked = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rows =
                        sql.executeQuery(
                                "SELECT b.REFERENCE, b.HOLD_ID, bs.SEAT, bs.ACTIVE_SEAT, bs.FENCING_TOKEN,"
                                        + " b.CREATED_AT FROM BOOKED_SEAT bs JOIN BOOKING b ON b.REFERENCE = bs.BOOKING_REF"
                                        + " WHERE bs.FLIGHT_ID = '"
                                        + flight
                                        + "'")) {
            while (rows.next()) {
                booked.add(
                        new Booked(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getString(4) != null,
                                rows.getLong(5),
                                rows.getTimestamp(6).toInstant()));
            }
        }
        return booked;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
