package dev.seatlock.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;

/**
 * Puts a running SeatLock server under load through its partner API, on loopback only, bounded in
 * time and in requests: (1) with {@code -Dbench.app.unlocked=true} (the bench WAR of {@code
 * scripts/run-benchmarks.sh} is deployed), hold-only load on {@code /api/v1/holds} against {@code
 * /api/bench/unlocked-holds} (the same work without the lock), alternating rounds; (2) a mix of
 * holds and confirmations on random seats of the demo flights, cancelling old bookings so that
 * seats come back on sale: on one server, or with {@code -Dbench.app.url2} on one server against
 * round robin on both, alternating rounds; (3) the last-seat storm: many buyers at once on one
 * seat.
 *
 * <p>Exists to show what the lock costs inside the whole application (JAX-RS, CDI interceptors, JPA
 * on Derby, the simulated card acquirer) and that the last seat is sold exactly once while the
 * losers get a fast 409. Refuses any host but loopback. Run by {@code scripts/run-benchmarks.sh},
 * or by hand with {@code -Dbench.app.url=http://localhost:9380}.
 */
public final class AppLoadDriver {

    private static final String AUTH = "Bearer demo-key-alpha-travel";
    private static final List<String> FLIGHTS = List.of("SL101", "SL202", "SL303", "SL404");
    private static final String LAST_SEAT_FLIGHT = "SL999";
    private static final String LAST_SEAT = "30F";
    private static final Pattern HOLD_ID = Pattern.compile("\"holdId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REFERENCE = Pattern.compile("\"reference\"\\s*:\\s*\"([^\"]+)\"");
    private static final int MAX_OPEN_BOOKINGS_PER_THREAD = 10;

    private final URI base;

    /**
     * Servers the storm's buyers are spread over, round robin: {@link #base} and any second server.
     */
    private final List<URI> stormServers;

    private final HttpClient http;
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();

    AppLoadDriver(List<URI> servers, HttpClient http) {
        this.base = servers.get(0);
        this.stormServers = List.copyOf(servers);
        this.http = http;
    }

    public static void main(String[] args) throws Exception {
        List<URI> servers = new ArrayList<>();
        servers.add(URI.create(System.getProperty("bench.app.url", "http://localhost:9380")));
        String second = System.getProperty("bench.app.url2", "");
        if (!second.isBlank()) {
            servers.add(URI.create(second));
        }
        for (URI server : servers) {
            String host = server.getHost();
            if (!("localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host))) {
                throw new IllegalArgumentException(
                        "The load driver only runs against loopback, not " + host);
            }
        }
        URI base = servers.get(0);
        Duration mixTime =
                Duration.ofMillis(
                        Math.round(
                                Double.parseDouble(System.getProperty("bench.app.seconds", "20"))
                                        * 1000));
        int threads = Integer.getInteger("bench.app.threads", 16);
        long maxRequests = Long.getLong("bench.app.max-requests", 50_000);
        int buyers = Integer.getInteger("bench.app.buyers", 1000);
        String redisUrl = System.getProperty("bench.app.redis", "");
        Path out = Path.of(System.getProperty("bench.out", "docs/bench"));

        ExecutorService httpThreads = Executors.newFixedThreadPool(8);
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .executor(httpThreads)
                        .build();
        AppLoadDriver driver = new AppLoadDriver(servers, http);
        StringBuilder md = new StringBuilder();
        md.append(
                        "# Application under load\n\nGenerated by `dev.seatlock.bench.AppLoadDriver` against ")
                .append(base)
                .append(
                        servers.size() == 1
                                ? " (one Open Liberty server, loopback) on "
                                : " and "
                                        + servers.get(1)
                                        + " (two Open Liberty servers sharing one Redis and, in "
                                        + "scripts/run-benchmarks.sh, one PostgreSQL; loopback) on ")
                .append(Environment.current("?").date())
                .append(". Do not edit by hand: rerun.\n\n");
        String builds = System.getProperty("bench.app.builds", "");
        if (!builds.isBlank()) {
            // scripts/compare-builds.sh: build A on the first server, build B on the second.
            List<String> names = List.of(builds.split(","));
            driver.warmUp(Math.min(threads, 8), Duration.ofSeconds(10));
            md.append(
                    driver.buildsCompared(
                            names,
                            threads,
                            Integer.getInteger("bench.app.ab.rounds", 8),
                            Duration.ofMillis(
                                    Math.round(
                                            Double.parseDouble(
                                                            System.getProperty(
                                                                    "bench.app.ab.seconds", "4"))
                                                    * 1000)),
                            Integer.getInteger("bench.app.mix.rounds", 6),
                            Duration.ofSeconds(5),
                            maxRequests));
            Files.createDirectories(out);
            Files.writeString(out.resolve("app-builds.md"), md.toString(), StandardCharsets.UTF_8);
            System.out.println(md);
            System.out.println("[app] wrote " + out.resolve("app-builds.md"));
            httpThreads.shutdownNow();
            System.exit(0);
        }
        boolean unlocked = Boolean.parseBoolean(System.getProperty("bench.app.unlocked", "false"));
        int abRounds = Integer.getInteger("bench.app.ab.rounds", 6);
        Duration abRound =
                Duration.ofMillis(
                        Math.round(
                                Double.parseDouble(System.getProperty("bench.app.ab.seconds", "4"))
                                        * 1000));
        int mixRounds = Integer.getInteger("bench.app.mix.rounds", 3);
        driver.warmUp(Math.min(threads, 8), Duration.ofSeconds(servers.size() > 1 ? 8 : 5));
        if (unlocked) {
            driver.warmUpHolds(threads, Duration.ofSeconds(6));
            md.append(driver.lockedVsUnlocked(threads, abRounds, abRound, maxRequests));
        }
        if (servers.size() > 1) {
            md.append(driver.oneVsTwoServers(threads, mixRounds, mixTime, maxRequests));
        } else {
            md.append(driver.mix(threads, mixTime, maxRequests));
        }
        md.append(driver.storm(buyers, redisUrl));
        Files.createDirectories(out);
        Files.writeString(out.resolve("app-load.md"), md.toString(), StandardCharsets.UTF_8);
        System.out.println(md);
        System.out.println("[app] wrote " + out.resolve("app-load.md"));
        httpThreads.shutdownNow();
        System.exit(0);
    }

    /** A few seconds of the mix, unrecorded, so that the server's JIT and pools are warm. */
    void warmUp(int threads, Duration time) throws Exception {
        runMix(stormServers, "", threads, time, Long.MAX_VALUE); // every server, round robin
        latencies.clear();
        statuses.clear();
        System.out.println("[app] warm-up done");
    }

    /**
     * The booking mix: hold 1–2 random seats, confirm, and cancel this thread's oldest bookings.
     */
    String mix(int threads, Duration time, long maxRequests) throws Exception {
        long[] counts = runMix(threads, time, maxRequests);
        long bookings = counts[0];
        double seconds = counts[1] / 1e9;
        long requests = statuses.values().stream().mapToLong(AtomicLong::get).sum();
        StringBuilder md = new StringBuilder();
        md.append("## Booking mix\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "%d client threads for %.1f s (at most %,d requests): each hold takes 1–2 "
                                + "random seats of %s, a successful hold is confirmed (simulated card acquirer, 50 ms), and "
                                + "each thread cancels its oldest booking once it has %d, so seats come back on sale.%n%n",
                        threads,
                        seconds,
                        maxRequests,
                        String.join("/", FLIGHTS),
                        MAX_OPEN_BOOKINGS_PER_THREAD));
        md.append(
                String.format(
                        Locale.ROOT,
                        "- **%.1f bookings/s** (hold + confirmation, both 201); %.1f requests/s in all.%n",
                        bookings / seconds,
                        requests / seconds));
        md.append("- Answers: ").append(new java.util.TreeMap<>(statuses)).append("\n\n");
        md.append("| request | count | p50 ms | p99 ms |\n|---|---:|---:|---:|\n");
        for (String kind : List.of("hold", "confirmation", "cancel")) {
            List<Long> l = latencies.getOrDefault(kind, List.of());
            long[] sorted = l.stream().mapToLong(Long::longValue).sorted().toArray();
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.1f | %.1f |%n",
                            kind,
                            sorted.length,
                            LockBenchmark.percentile(sorted, 0.5) / 1e6,
                            LockBenchmark.percentile(sorted, 0.99) / 1e6));
        }
        md.append("\n");
        return md.toString();
    }

    private long[] runMix(int threads, Duration time, long maxRequests) throws Exception {
        return runMix(List.of(base), "", threads, time, maxRequests);
    }

    /**
     * The mix with each request sent to the next of {@code servers} (round robin; they share Redis
     * and the database, so a hold taken on one can be confirmed and cancelled on the other).
     * Latencies and answers are recorded under {@code prefix + kind}.
     */
    private long[] runMix(
            List<URI> servers, String prefix, int threads, Duration time, long maxRequests)
            throws Exception {
        AtomicLong next = new AtomicLong();
        java.util.function.Supplier<URI> server =
                () -> servers.get((int) (next.getAndIncrement() % servers.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong requests = new AtomicLong();
        AtomicLong bookings = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + time.toNanos();
        List<Future<Deque<String>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(
                    pool.submit(
                            () -> {
                                Deque<String> mine = new ArrayDeque<>();
                                ThreadLocalRandom random = ThreadLocalRandom.current();
                                while (System.nanoTime() < deadline
                                        && requests.get() < maxRequests) {
                                    String flight = FLIGHTS.get(random.nextInt(FLIGHTS.size()));
                                    List<String> seats = randomSeats(random);
                                    requests.incrementAndGet();
                                    HttpResponse<String> hold =
                                            send(
                                                    prefix + "hold",
                                                    post(
                                                            server.get(),
                                                            "/api/v1/holds",
                                                            holdBody(flight, seats)));
                                    if (hold.statusCode() != 201) {
                                        continue;
                                    }
                                    requests.incrementAndGet();
                                    String holdId = find(HOLD_ID, hold.body());
                                    HttpResponse<String> booked =
                                            send(
                                                    prefix + "confirmation",
                                                    post(
                                                            server.get(),
                                                            "/api/v1/holds/"
                                                                    + holdId
                                                                    + "/confirmation",
                                                            confirmationBody(seats)));
                                    if (booked.statusCode() == 201) {
                                        bookings.incrementAndGet();
                                        mine.addLast(find(REFERENCE, booked.body()));
                                    }
                                    if (mine.size() >= MAX_OPEN_BOOKINGS_PER_THREAD) {
                                        requests.incrementAndGet();
                                        send(
                                                prefix + "cancel",
                                                request(
                                                                server.get(),
                                                                "/api/v1/bookings/"
                                                                        + mine.removeFirst())
                                                        .DELETE()
                                                        .build());
                                    }
                                }
                                return mine;
                            }));
        }
        List<String> left = new ArrayList<>();
        for (Future<Deque<String>> f : futures) {
            left.addAll(f.get(time.toSeconds() + 120, TimeUnit.SECONDS));
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        // Give every seat back, outside the measured time, so that the next run starts from the
        // same state.
        for (String reference : left) {
            http.send(
                    request("/api/v1/bookings/" + reference).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        return new long[] {bookings.get(), elapsed};
    }

    /**
     * The last-seat storm: {@code buyers} holds of the last seat of SL999, all sent at once
     * (asynchronous HTTP/1.1, one connection each). Exactly one must get 201; every other one a
     * 409. The winner's hold is released afterwards so that the storm can be run again.
     */
    String storm(int buyers, String redisUrl) throws Exception {
        List<HttpRequest> requests =
                stormServers.stream()
                        .map(
                                server ->
                                        request(server, "/api/v1/holds")
                                                .header("Content-Type", "application/json")
                                                .POST(
                                                        HttpRequest.BodyPublishers.ofString(
                                                                holdBody(
                                                                        LAST_SEAT_FLIGHT,
                                                                        List.of(LAST_SEAT))))
                                                .build())
                        .toList();
        Map<String, Long> before = redisStats(redisUrl, true);
        long[] answeredAt = new long[buyers];
        int[] status = new int[buyers];
        String[] bodies = new String[buyers];
        List<CompletableFuture<Void>> all = new ArrayList<>(buyers);
        long start = System.nanoTime();
        for (int i = 0; i < buyers; i++) {
            int buyer = i;
            all.add(
                    http.sendAsync(
                                    requests.get(i % requests.size()),
                                    HttpResponse.BodyHandlers.ofString())
                            .handle(
                                    (response, failure) -> {
                                        answeredAt[buyer] = System.nanoTime();
                                        status[buyer] =
                                                response == null ? -1 : response.statusCode();
                                        bodies[buyer] =
                                                response == null
                                                        ? String.valueOf(failure)
                                                        : response.body();
                                        return null;
                                    }));
        }
        long sentAll = System.nanoTime() - start;
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        long allAnswered = Arrays.stream(answeredAt).max().orElse(start) - start;
        Map<String, Long> after = redisStats(redisUrl, false);

        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        List<Long> losers = new ArrayList<>();
        List<String> winners = new ArrayList<>();
        List<URI> winnerServers = new ArrayList<>();
        for (int i = 0; i < buyers; i++) {
            byStatus.merge(status[i], 1, Integer::sum);
            if (status[i] == 201) {
                winners.add(find(HOLD_ID, bodies[i]));
                winnerServers.add(stormServers.get(i % stormServers.size()));
            } else {
                losers.add(answeredAt[i] - start);
            }
        }
        long[] sortedLosers = losers.stream().mapToLong(Long::longValue).sorted().toArray();
        for (int w = 0; w < winners.size(); w++) {
            http.send(
                    request(winnerServers.get(w), "/api/v1/holds/" + winners.get(w))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        String other =
                byStatus.keySet().stream()
                        .filter(s -> s != 201 && s != 409)
                        .findAny()
                        .map(s -> " (status " + s + ", e.g. " + firstBody(status, bodies, s) + ")")
                        .orElse("");
        StringBuilder md = new StringBuilder();
        md.append("## Last-seat storm\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "%d buyers send `POST /api/v1/holds` for %s seat %s at once "
                                + "(java.net.http, asynchronous, HTTP/1.1, a connection each; all sent within %.0f ms)",
                        buyers,
                        LAST_SEAT_FLIGHT,
                        LAST_SEAT,
                        sentAll / 1e6));
        md.append(
                stormServers.size() == 1
                        ? ".\n\n"
                        : ", spread round robin over "
                                + stormServers.size()
                                + " servers "
                                + stormServers
                                + " that share one Redis (and, in scripts/run-benchmarks.sh, one PostgreSQL; "
                                + "the lock in Redis decides). The winner was on "
                                + winnerServers
                                + ".\n\n");
        md.append(
                "| buyers | winners (201) | answers by status | time until all answered | losers p50 | losers p99 |\n");
        md.append("|---:|---:|---|---:|---:|---:|\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "| %d | %d | %s | %.0f ms | %.0f ms | %.0f ms |%n%n",
                        buyers,
                        winners.size(),
                        byStatus,
                        allAnswered / 1e6,
                        LockBenchmark.percentile(sortedLosers, 0.5) / 1e6,
                        LockBenchmark.percentile(sortedLosers, 0.99) / 1e6));
        md.append(
                        winners.size() == 1
                                ? "Exactly one winner"
                                : "**" + winners.size() + " winners: expected exactly one**")
                .append(
                        byStatus.getOrDefault(409, 0) == buyers - winners.size()
                                ? "; every loser got 409."
                                : "; not every loser got 409" + other + ".")
                .append(
                        " Loser latency is measured from the moment the first request was sent, so it includes the "
                                + "client's own queueing of 1,000 connections.\n");
        if (!after.isEmpty()) {
            Map<String, Long> delta = new java.util.TreeMap<>();
            after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
            long evalsha = delta.getOrDefault("evalsha", 0L);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "%nRedis during the storm (`INFO commandstats`): %d EVALSHA for %d buyers "
                                    + "(%.2f per buyer); all commands %s.%n",
                            evalsha,
                            buyers,
                            evalsha / (double) buyers,
                            delta));
        }
        return md.toString();
    }

    private static final String LOCKED = "locked";
    private static final String UNLOCKED = "unlocked";
    private static final Map<String, String> HOLD_PATHS =
            Map.of(LOCKED, "/api/v1/holds", UNLOCKED, "/api/bench/unlocked-holds");

    /** A few seconds of the hold-only loop on both endpoints, unrecorded. */
    void warmUpHolds(int threads, Duration time) throws Exception {
        runHolds(LOCKED, threads, time, Long.MAX_VALUE);
        runHolds(UNLOCKED, threads, time, Long.MAX_VALUE);
        latencies.clear();
        statuses.clear();
        System.out.println("[app] hold warm-up done");
    }

    /**
     * Hold-only load on {@code POST /api/v1/holds} (SeatHolder.take under @SeatLocked) against
     * {@code POST /api/bench/unlocked-holds} (the same work without the lock; bench WAR only),
     * alternating rounds (the order rotating per round): each thread holds 1–2 random seats of a
     * random demo flight and, on 201, gives them back at once by DELETE on the same endpoint
     * family, so seats recycle.
     */
    String lockedVsUnlocked(int threads, int rounds, Duration roundTime, long maxRequests)
            throws Exception {
        Map<String, long[]> totals = new HashMap<>(); // mode -> {hold requests, 201s, nanos}
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<String> order = r % 2 == 0 ? List.of(LOCKED, UNLOCKED) : List.of(UNLOCKED, LOCKED);
            Map<String, Double> perSecond = new HashMap<>();
            for (String mode : order) {
                long[] c = runHolds(mode, threads, roundTime, maxRequests);
                long[] t = totals.computeIfAbsent(mode, k -> new long[3]);
                for (int i = 0; i < 3; i++) {
                    t[i] += c[i];
                }
                perSecond.put(mode, c[0] / (c[2] / 1e9));
            }
            ratios.add(perSecond.get(LOCKED) / perSecond.get(UNLOCKED));
            System.out.printf(
                    Locale.ROOT,
                    "[app] holds round %d: locked %.1f/s, unlocked %.1f/s%n",
                    r + 1,
                    perSecond.get(LOCKED),
                    perSecond.get(UNLOCKED));
        }
        double[] sortedRatios = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median =
                sortedRatios.length % 2 == 1
                        ? sortedRatios[sortedRatios.length / 2]
                        : (sortedRatios[sortedRatios.length / 2 - 1]
                                        + sortedRatios[sortedRatios.length / 2])
                                / 2;
        StringBuilder md =
                new StringBuilder("## What the lock costs: locked vs unlocked holds\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Hold-only load, %d client threads, %d rounds of %.1f s per endpoint, "
                                + "alternating (order rotating per round) on the same server: each request holds 1–2 random seats of %s; "
                                + "a 201 hold is given back at once by DELETE on the same endpoint family, so seats recycle. "
                                + "**locked** = `POST /api/v1/holds` (`SeatHolder.take` under `@SeatLocked`, one Redis EVALSHA to "
                                + "acquire) + `DELETE /api/v1/holds/{id}` (`@SeatLocked` on the hold key + Redis release); **unlocked** = "
                                + "`POST /api/bench/unlocked-holds` + `DELETE /api/bench/unlocked-holds/{id}`, the same validation, "
                                + "sold-seat read and `SeatHold` insert/update without any lock or Redis call (bench WAR only).%n%n",
                        threads,
                        rounds,
                        roundTime.toMillis() / 1e3,
                        String.join("/", FLIGHTS)));
        md.append(
                "| endpoint | hold requests/s | holds 201/s | hold p50 ms | hold p99 ms | release p50 ms | release p99 ms | answers |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        Map<String, long[]> sortedHolds = new HashMap<>();
        for (String mode : List.of(LOCKED, UNLOCKED)) {
            long[] t = totals.get(mode);
            long[] holds = sorted(mode + " hold");
            long[] releases = sorted(mode + " release");
            sortedHolds.put(mode, holds);
            Map<String, Long> answers = new java.util.TreeMap<>();
            statuses.forEach(
                    (k, v) -> {
                        if (k.startsWith(mode + " ")) {
                            answers.put(k.substring(mode.length() + 1), v.get());
                        }
                    });
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n",
                            mode,
                            t[0] / (t[2] / 1e9),
                            t[1] / (t[2] / 1e9),
                            LockBenchmark.percentile(holds, 0.5) / 1e6,
                            LockBenchmark.percentile(holds, 0.99) / 1e6,
                            LockBenchmark.percentile(releases, 0.5) / 1e6,
                            LockBenchmark.percentile(releases, 0.99) / 1e6,
                            answers));
        }
        long[] l = totals.get(LOCKED);
        long[] u = totals.get(UNLOCKED);
        double overall = (l[0] / (double) l[2]) / (u[0] / (double) u[2]);
        double p50 =
                LockBenchmark.percentile(sortedHolds.get(UNLOCKED), 0.5)
                        / LockBenchmark.percentile(sortedHolds.get(LOCKED), 0.5);
        md.append(
                String.format(
                        Locale.ROOT,
                        "%n- **Locked / unlocked hold throughput: %.2f** over all rounds; per round "
                                + "median %.2f [%.2f–%.2f]. By p50 hold latency (unlocked / locked): %.2f.%n",
                        overall,
                        median,
                        sortedRatios[0],
                        sortedRatios[sortedRatios.length - 1],
                        p50));
        md.append(
                String.format(
                        Locale.ROOT,
                        "- So the lock costs about %.0f %% of hold throughput here (1 − ratio; "
                                + "negative means within noise).%n%n",
                        (1 - overall) * 100));
        return md.toString();
    }

    /** Hold + release on one endpoint family; returns {hold requests, 201 holds, nanos}. */
    private long[] runHolds(String mode, int threads, Duration time, long maxRequests)
            throws Exception {
        return runHolds(mode, base, "", threads, time, maxRequests);
    }

    /**
     * The same against {@code server}, with latencies and answers recorded under {@code prefix +
     * mode}.
     */
    private long[] runHolds(
            String mode, URI server, String prefix, int threads, Duration time, long maxRequests)
            throws Exception {
        String path = HOLD_PATHS.get(mode);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong requests = new AtomicLong();
        AtomicLong holds = new AtomicLong();
        AtomicLong held = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + time.toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(
                    pool.submit(
                            () -> {
                                ThreadLocalRandom random = ThreadLocalRandom.current();
                                while (System.nanoTime() < deadline
                                        && requests.get() < maxRequests) {
                                    String flight = FLIGHTS.get(random.nextInt(FLIGHTS.size()));
                                    List<String> seats = randomSeats(random);
                                    requests.incrementAndGet();
                                    holds.incrementAndGet();
                                    HttpResponse<String> hold =
                                            send(
                                                    prefix + mode + " hold",
                                                    post(server, path, holdBody(flight, seats)));
                                    if (hold.statusCode() != 201) {
                                        continue;
                                    }
                                    held.incrementAndGet();
                                    requests.incrementAndGet();
                                    send(
                                            prefix + mode + " release",
                                            request(server, path + "/" + find(HOLD_ID, hold.body()))
                                                    .DELETE()
                                                    .build());
                                }
                                return null;
                            }));
        }
        for (Future<?> f : futures) {
            f.get(time.toSeconds() + 120, TimeUnit.SECONDS);
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        return new long[] {holds.get(), held.get(), elapsed};
    }

    /**
     * The booking mix against the first server alone and round robin against both (same Redis, same
     * PostgreSQL), alternating rounds in the same run.
     */
    String oneVsTwoServers(int threads, int rounds, Duration total, long maxRequests)
            throws Exception {
        Duration roundTime = total.dividedBy(Math.max(1, rounds));
        Map<String, List<URI>> configs = new java.util.LinkedHashMap<>();
        configs.put("1 server", List.of(base));
        configs.put("2 servers", stormServers);
        Map<String, long[]> totals = new HashMap<>(); // {bookings, nanos}
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<String> order =
                    r % 2 == 0
                            ? List.of("1 server", "2 servers")
                            : List.of("2 servers", "1 server");
            Map<String, Double> perSecond = new HashMap<>();
            for (String config : order) {
                long[] c =
                        runMix(configs.get(config), config + " ", threads, roundTime, maxRequests);
                long[] t = totals.computeIfAbsent(config, k -> new long[2]);
                t[0] += c[0];
                t[1] += c[1];
                perSecond.put(config, c[0] / (c[1] / 1e9));
            }
            ratios.add(perSecond.get("2 servers") / perSecond.get("1 server"));
            System.out.printf(
                    Locale.ROOT,
                    "[app] mix round %d: 1 server %.1f bookings/s, 2 servers %.1f bookings/s%n",
                    r + 1,
                    perSecond.get("1 server"),
                    perSecond.get("2 servers"));
        }
        StringBuilder md =
                new StringBuilder(
                        "## Booking mix: one server vs two (one Redis, one PostgreSQL)\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "%d client threads, %d rounds of %.1f s per configuration, alternating "
                                + "(order rotating per round): each hold takes 1–2 random seats of %s, a successful hold is confirmed "
                                + "(simulated card acquirer, 50 ms), and each thread cancels its oldest booking once it has %d. "
                                + "**1 server** sends every request to %s; **2 servers** sends each request to the next of %s "
                                + "(round robin per request: a hold taken on one server is often confirmed or cancelled on the other). "
                                + "Both servers share one Redis and one PostgreSQL 15 database.%n%n",
                        threads,
                        rounds,
                        roundTime.toMillis() / 1e3,
                        String.join("/", FLIGHTS),
                        MAX_OPEN_BOOKINGS_PER_THREAD,
                        base,
                        stormServers));
        md.append(
                "| servers | bookings/s | requests/s | hold p50 / p99 ms | confirmation p50 / p99 ms | cancel p50 / p99 ms | answers |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (String config : configs.keySet()) {
            long[] t = totals.get(config);
            double seconds = t[1] / 1e9;
            Map<String, Long> answers = new java.util.TreeMap<>();
            statuses.forEach(
                    (k, v) -> {
                        if (k.startsWith(config + " ")) {
                            answers.put(k.substring(config.length() + 1), v.get());
                        }
                    });
            long requests = answers.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder cells = new StringBuilder();
            for (String kind : List.of("hold", "confirmation", "cancel")) {
                long[] s = sorted(config + " " + kind);
                cells.append(
                        String.format(
                                Locale.ROOT,
                                " %.1f / %.1f |",
                                LockBenchmark.percentile(s, 0.5) / 1e6,
                                LockBenchmark.percentile(s, 0.99) / 1e6));
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.1f | %.1f |%s %s |%n",
                            config,
                            t[0] / seconds,
                            requests / seconds,
                            cells,
                            answers));
        }
        double[] sr = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long[] one = totals.get("1 server");
        long[] two = totals.get("2 servers");
        md.append(
                String.format(
                        Locale.ROOT,
                        "%n- **2 servers / 1 server bookings/s: %.2f** over all rounds; per round (sorted) %s.%n%n",
                        (two[0] / (double) two[1]) / (one[0] / (double) one[1]),
                        java.util.Arrays.toString(
                                java.util.Arrays.stream(sr)
                                        .mapToObj(d -> String.format(Locale.ROOT, "%.2f", d))
                                        .toArray())));
        return md.toString();
    }

    /**
     * Two builds of SeatLock side by side on one Redis and one PostgreSQL (the first server runs
     * build A, the second build B): hold-only rounds, then booking-mix rounds, alternating A and B
     * (the order rotating per round), so that the machine's drift falls on both alike. Reports B /
     * A as ratios.
     */
    String buildsCompared(
            List<String> names,
            int threads,
            int holdRounds,
            Duration holdRound,
            int mixRounds,
            Duration mixRound,
            long maxRequests)
            throws Exception {
        Map<String, URI> servers = new java.util.LinkedHashMap<>();
        servers.put(names.get(0), stormServers.get(0));
        servers.put(names.get(1), stormServers.get(1));
        Map<String, long[]> holdTotals = new HashMap<>(); // {hold requests, nanos}
        Map<String, long[]> mixTotals = new HashMap<>(); // {bookings, nanos}
        List<Double> holdRatios = new ArrayList<>();
        List<Double> mixRatios = new ArrayList<>();
        for (int r = 0; r < holdRounds; r++) {
            Map<String, Double> perSecond = new HashMap<>();
            for (String name : r % 2 == 0 ? names : List.of(names.get(1), names.get(0))) {
                long[] c =
                        runHolds(
                                LOCKED,
                                servers.get(name),
                                name + " ",
                                threads,
                                holdRound,
                                maxRequests);
                long[] t = holdTotals.computeIfAbsent(name, k -> new long[2]);
                t[0] += c[0];
                t[1] += c[2];
                perSecond.put(name, c[0] / (c[2] / 1e9));
            }
            holdRatios.add(perSecond.get(names.get(1)) / perSecond.get(names.get(0)));
            System.out.printf(Locale.ROOT, "[app] builds, holds round %d: %s%n", r + 1, perSecond);
        }
        for (int r = 0; r < mixRounds; r++) {
            Map<String, Double> perSecond = new HashMap<>();
            for (String name : r % 2 == 0 ? names : List.of(names.get(1), names.get(0))) {
                long[] c =
                        runMix(
                                List.of(servers.get(name)),
                                name + " ",
                                threads,
                                mixRound,
                                maxRequests);
                long[] t = mixTotals.computeIfAbsent(name, k -> new long[2]);
                t[0] += c[0];
                t[1] += c[1];
                perSecond.put(name, c[0] / (c[1] / 1e9));
            }
            mixRatios.add(perSecond.get(names.get(1)) / perSecond.get(names.get(0)));
            System.out.printf(Locale.ROOT, "[app] builds, mix round %d: %s%n", r + 1, perSecond);
        }
        StringBuilder md =
                new StringBuilder(
                        "## Two builds compared: " + names.get(0) + " vs " + names.get(1) + "\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "%d client threads. **Holds**: %d rounds of %.1f s per build of the "
                                + "hold-only loop (`POST /api/v1/holds` + `DELETE`). **Bookings**: %d rounds of %.1f s per build of the "
                                + "booking mix (hold, confirm with the approved card, cancel the oldest of 10). Rounds alternate "
                                + "between the builds (order rotating per round); %s runs on %s, %s on %s, one Redis and one "
                                + "PostgreSQL shared.%n%n",
                        threads,
                        holdRounds,
                        holdRound.toMillis() / 1e3,
                        mixRounds,
                        mixRound.toMillis() / 1e3,
                        names.get(0),
                        servers.get(names.get(0)),
                        names.get(1),
                        servers.get(names.get(1))));
        md.append(
                "| build | holds requests/s | hold p50 / p99 ms | bookings/s | confirmation p50 / p99 ms | cancel p50 / p99 ms | answers |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (String name : names) {
            long[] h = holdTotals.get(name);
            long[] m = mixTotals.get(name);
            Map<String, Long> answers = new java.util.TreeMap<>();
            statuses.forEach(
                    (k, v) -> {
                        if (k.startsWith(name + " ")) {
                            answers.put(k.substring(name.length() + 1), v.get());
                        }
                    });
            long[] holds = sorted(name + " " + LOCKED + " hold");
            long[] confirmations = sorted(name + " confirmation");
            long[] cancels = sorted(name + " cancel");
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.1f | %.1f / %.1f | %.1f | %.1f / %.1f | %.1f / %.1f | %s |%n",
                            name,
                            h[0] / (h[1] / 1e9),
                            LockBenchmark.percentile(holds, 0.5) / 1e6,
                            LockBenchmark.percentile(holds, 0.99) / 1e6,
                            m[0] / (m[1] / 1e9),
                            LockBenchmark.percentile(confirmations, 0.5) / 1e6,
                            LockBenchmark.percentile(confirmations, 0.99) / 1e6,
                            LockBenchmark.percentile(cancels, 0.5) / 1e6,
                            LockBenchmark.percentile(cancels, 0.99) / 1e6,
                            answers));
        }
        md.append(
                String.format(
                        Locale.ROOT,
                        "%n- **%s / %s holds/s: %.2f** over all rounds; per round (sorted) %s.%n",
                        names.get(1),
                        names.get(0),
                        ratio(holdTotals, names),
                        sortedRatios(holdRatios)));
        md.append(
                String.format(
                        Locale.ROOT,
                        "- **%s / %s bookings/s: %.2f** over all rounds; per round (sorted) %s.%n%n",
                        names.get(1),
                        names.get(0),
                        ratio(mixTotals, names),
                        sortedRatios(mixRatios)));
        return md.toString();
    }

    private static double ratio(Map<String, long[]> totals, List<String> names) {
        long[] a = totals.get(names.get(0));
        long[] b = totals.get(names.get(1));
        return (b[0] / (double) b[1]) / (a[0] / (double) a[1]);
    }

    private static String sortedRatios(List<Double> ratios) {
        return java.util.Arrays.toString(
                ratios.stream().sorted().map(d -> String.format(Locale.ROOT, "%.2f", d)).toArray());
    }

    private long[] sorted(String kind) {
        return latencies.getOrDefault(kind, List.of()).stream()
                .mapToLong(Long::longValue)
                .sorted()
                .toArray();
    }

    private static List<String> randomSeats(ThreadLocalRandom random) {
        List<String> seats = new ArrayList<>();
        int n = 1 + random.nextInt(2);
        while (seats.size() < n) {
            String seat = (1 + random.nextInt(30)) + "" + "ABCDEF".charAt(random.nextInt(6));
            if (!seats.contains(seat)) {
                seats.add(seat);
            }
        }
        return seats;
    }

    private static String firstBody(int[] status, String[] bodies, int wanted) {
        for (int i = 0; i < status.length; i++) {
            if (status[i] == wanted) {
                return bodies[i].length() > 200 ? bodies[i].substring(0, 200) : bodies[i];
            }
        }
        return "";
    }

    private static Map<String, Long> redisStats(String redisUrl, boolean reset) {
        if (redisUrl.isBlank()) {
            return Map.of();
        }
        URI uri = URI.create(redisUrl);
        try (Jedis jedis = new Jedis(uri.getHost(), uri.getPort())) {
            if (reset) {
                jedis.configResetStat();
            }
            return new HashMap<>(LockBenchmark.commandStat(jedis.info("commandstats"), "calls="));
        }
    }

    private HttpResponse<String> send(String kind, HttpRequest request)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        latencies
                .computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(System.nanoTime() - start);
        statuses.computeIfAbsent(kind + " " + response.statusCode(), k -> new AtomicLong())
                .incrementAndGet();
        return response;
    }

    private HttpRequest.Builder request(String path) {
        return request(base, path);
    }

    private HttpRequest.Builder request(URI server, String path) {
        return HttpRequest.newBuilder(server.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", AUTH);
    }

    private HttpRequest post(String path, String json) {
        return post(base, path, json);
    }

    private HttpRequest post(URI server, String path, String json) {
        return request(server, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static String holdBody(String flight, List<String> seats) {
        return "{\"flightId\":\""
                + flight
                + "\",\"seats\":["
                + String.join(",", seats.stream().map(s -> "\"" + s + "\"").toList())
                + "]}";
    }

    private static String confirmationBody(List<String> seats) {
        String passengers =
                String.join(
                        ",",
                        seats.stream()
                                .map(
                                        s ->
                                                "{\"seat\":\""
                                                        + s
                                                        + "\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}")
                                .toList());
        return "{\"passengers\":["
                + passengers
                + "],\"payment\":{\"cardNumber\":\"4242424242424242\","
                + "\"expiry\":\"12/30\",\"cvc\":\"123\",\"holder\":\"Ada Lovelace\"}}";
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + body);
        }
        return m.group(1);
    }
}
