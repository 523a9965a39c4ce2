package dev.seatlock.bench;

import dev.seatlock.bench.LockBenchmark.Cell;
import dev.seatlock.bench.LockBenchmark.Mode;
import dev.seatlock.bench.LockBenchmark.Results;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns the cells of a {@link LockBenchmark} run into a Markdown report and a hand-written SVG
 * chart of throughput against threads.
 *
 * <p>Throughput of a contender is the median over the rounds; latency percentiles pool every
 * round's sample; ratios are computed within each round (the contenders of one round ran minutes
 * apart at most, interleaved) and given as median [min–max] over the rounds.
 */
final class BenchReport {

    static final String MARKDOWN = "lock-benchmark.md";
    static final String CSV = "lock-benchmark-cells.csv";
    static final String SVG = "lock-throughput.svg";
    static final String CEILING = "ceiling";
    static final String SCRIPTS = "scripts";
    static final String SEATLOCK = "SeatLock";
    static final String REDISSON = "Redisson";

    private final Results results;

    BenchReport(Results results) {
        this.results = results;
    }

    /** Aggregate of one contender in one mode at one thread count, over every round. */
    record Summary(
            String contender,
            Mode mode,
            int threads,
            double medianOpsPerSecond,
            double minOpsPerSecond,
            double maxOpsPerSecond,
            double p50Micros,
            double p99Micros,
            long ops,
            long failures,
            int maxHolders,
            double clientCommandsPerOp,
            double allCommandsPerOp,
            double redisMicrosPerOp,
            double attemptsPerOp,
            Map<String, Double> commandsPerOp) {}

    /** A ratio of two contenders, per round, summarised. */
    record Ratio(double median, double min, double max) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f [%.2f–%.2f]", median, min, max);
        }
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(SVG), svg(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CSV), csv(), StandardCharsets.UTF_8);
    }

    /**
     * Every measured cell, one line each, so that other summaries can be computed from the same
     * run.
     */
    String csv() {
        StringBuilder csv =
                new StringBuilder(
                        "round,contender,mode,threads,ops,failures,elapsed_ms,ops_per_s,"
                                + "p50_us,p99_us,max_holders,client_commands,all_commands,redis_us,acquire_tries\n");
        for (Cell c : results.cells()) {
            long[] sorted = c.latencyNanos().clone();
            Arrays.sort(sorted);
            boolean bare = c.contender().equals(CEILING);
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%s,%s,%d,%d,%d,%.1f,%.0f,%.1f,%.1f,%d,%d,%d,%d,%d%n",
                            c.round(),
                            c.contender(),
                            c.mode(),
                            c.threads(),
                            c.ops(),
                            c.failures(),
                            c.elapsedNanos() / 1e6,
                            c.opsPerSecond(),
                            LockBenchmark.percentile(sorted, 0.5) / 1e3,
                            LockBenchmark.percentile(sorted, 0.99) / 1e3,
                            c.maxHolders(),
                            bare ? c.allCommands() : c.commands(LockBenchmark.CLIENT_COMMANDS),
                            c.allCommands(),
                            c.redisMicros(bare ? null : LockBenchmark.CLIENT_COMMANDS),
                            c.acquireAttempts()));
        }
        return csv.toString();
    }

    Optional<Summary> summary(String contender, Mode mode, int threads) {
        List<Cell> cells =
                results.cells().stream()
                        .filter(
                                c ->
                                        c.contender().equals(contender)
                                                && c.mode() == mode
                                                && c.threads() == threads)
                        .toList();
        if (cells.isEmpty()) {
            return Optional.empty();
        }
        double[] rates = cells.stream().mapToDouble(Cell::opsPerSecond).sorted().toArray();
        long[] latencies =
                cells.stream()
                        .flatMapToLong(c -> Arrays.stream(c.latencyNanos()))
                        .sorted()
                        .toArray();
        long ops = cells.stream().mapToLong(Cell::ops).sum();
        long failures = cells.stream().mapToLong(Cell::failures).sum();
        int maxHolders = cells.stream().mapToInt(Cell::maxHolders).max().orElse(0);
        boolean bareCommands = contender.equals(CEILING);
        long client =
                cells.stream()
                        .mapToLong(
                                c ->
                                        bareCommands
                                                ? c.allCommands()
                                                : c.commands(LockBenchmark.CLIENT_COMMANDS))
                        .sum();
        long all = cells.stream().mapToLong(Cell::allCommands).sum();
        long micros =
                cells.stream()
                        .mapToLong(
                                c ->
                                        c.redisMicros(
                                                bareCommands
                                                        ? null
                                                        : LockBenchmark.CLIENT_COMMANDS))
                        .sum();
        long attempts = cells.stream().mapToLong(Cell::acquireAttempts).sum();
        Map<String, Double> perCommand = new TreeMap<>();
        for (Cell c : cells) {
            c.commandCalls()
                    .forEach(
                            (name, calls) ->
                                    perCommand.merge(
                                            name, calls / (double) Math.max(1, ops), Double::sum));
        }
        return Optional.of(
                new Summary(
                        contender,
                        mode,
                        threads,
                        median(rates),
                        rates[0],
                        rates[rates.length - 1],
                        LockBenchmark.percentile(latencies, 0.50) / 1e3,
                        LockBenchmark.percentile(latencies, 0.99) / 1e3,
                        ops,
                        failures,
                        maxHolders,
                        client / (double) Math.max(1, ops),
                        all / (double) Math.max(1, ops),
                        micros / (double) Math.max(1, ops),
                        contender.equals(SEATLOCK)
                                ? attempts / (double) Math.max(1, ops)
                                : Double.NaN,
                        perCommand));
    }

    /** {@code numerator / denominator} throughput, per round, for one mode and thread count. */
    Optional<Ratio> ratio(String numerator, String denominator, Mode mode, int threads) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < results.options().rounds(); round++) {
            Optional<Cell> a = cell(numerator, mode, threads, round);
            Optional<Cell> b = cell(denominator, mode, threads, round);
            if (a.isPresent() && b.isPresent() && b.get().opsPerSecond() > 0) {
                ratios.add(a.get().opsPerSecond() / b.get().opsPerSecond());
            }
        }
        if (ratios.isEmpty()) {
            return Optional.empty();
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return Optional.of(new Ratio(median(sorted), sorted[0], sorted[sorted.length - 1]));
    }

    /**
     * {@code denominator}'s p50 latency / {@code numerator}'s, uncontended: a throughput-like
     * ratio.
     */
    Optional<Double> latencyRatio(String numerator, String denominator, int threads) {
        Optional<Summary> a = summary(numerator, Mode.UNCONTENDED, threads);
        Optional<Summary> b = summary(denominator, Mode.UNCONTENDED, threads);
        if (a.isEmpty() || b.isEmpty() || a.get().p50Micros() <= 0) {
            return Optional.empty();
        }
        return Optional.of(b.get().p50Micros() / a.get().p50Micros());
    }

    private Optional<Cell> cell(String contender, Mode mode, int threads, int round) {
        return results.cells().stream()
                .filter(
                        c ->
                                c.contender().equals(contender)
                                        && c.mode() == mode
                                        && c.threads() == threads
                                        && c.round() == round)
                .findFirst();
    }

    String markdown() {
        LockBenchmark.Options o = results.options();
        Environment env = results.environment();
        StringBuilder md = new StringBuilder();
        md.append("# Lock benchmark: SeatLock vs the bare round trips vs Redisson\n\n");
        md.append(
                        "Generated by `dev.seatlock.bench.LockBenchmark` (`mvn -B -Pbench -DskipTests test`) on ")
                .append(env.date())
                .append(". Do not edit by hand: rerun.\n\n");
        md.append("- Machine: ")
                .append(env.processors())
                .append(" CPUs (")
                .append(env.cpuModel())
                .append("), ")
                .append(env.memory())
                .append(" RAM, ")
                .append(env.os())
                .append("; shared with other builds, so ")
                .append(
                        "compare the ratios (same round) rather than absolute figures across runs.\n");
        md.append("- Software: ")
                .append(env.java())
                .append("; Redis ")
                .append(env.redis())
                .append(" (local `redis-server`, loopback, no persistence); Jedis ")
                .append(env.jedis())
                .append("; Redisson ")
                .append(env.redisson())
                .append(".\n");
        md.append("- Settings: threads ")
                .append(o.threads())
                .append("; ")
                .append(o.rounds())
                .append(" measured rounds, every cell ")
                .append(millis(o.cellTime().toMillis()))
                .append(" per round, contender order rotated per round; warm-up ")
                .append(millis(o.warmup().toMillis()))
                .append(" per contender and mode; pool of ")
                .append(o.poolSize())
                .append(
                        " connections for every contender (Jedis pool shared by ceiling and SeatLock; Redisson ")
                .append("`connectionPoolSize` = `connectionMinimumIdleSize` = ")
                .append(o.poolSize())
                .append("); lease ")
                .append(millis(o.lease().toMillis()))
                .append(", wait ")
                .append(millis(o.waitTime().toMillis()))
                .append(" on a held key; nothing done inside the lock.\n");
        md.append(
                        "- Contenders: **ceiling** = `SET key token NX PX` + `DEL key` through the same Jedis pool (the ")
                .append(
                        "physical limit of two round trips); **scripts** = SeatLock's own acquire and release Lua ")
                .append(
                        "scripts by EVALSHA with nothing around them (fixed token; the floor of SeatLock); **SeatLock** ")
                .append(
                        "= `RedisLockService.acquire` + `release`; **Redisson** = `RLock.tryLock(wait, lease)` + `unlock()`.\n");
        md.append(
                        "- One operation = acquire + release of one key. Throughput = median over rounds of ops/s ")
                .append(
                        "(a cell's time runs until its last thread finished). Latency = p50/p99 over every ")
                .append(
                        "successful operation of every round. Ratios = median [min–max] of the per-round ratios.\n\n");

        md.append("## Uncontended: every thread locks a key of its own\n\n");
        md.append(
                        "| threads | ceiling ops/s | scripts ops/s | SeatLock ops/s | Redisson ops/s | scripts / ceiling | ")
                .append(
                        "SeatLock / scripts | SeatLock / ceiling | SeatLock / Redisson | SeatLock / ceiling by p50 latency |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int t : o.threads()) {
            md.append("| ")
                    .append(t)
                    .append(" | ")
                    .append(rate(CEILING, Mode.UNCONTENDED, t))
                    .append(" | ")
                    .append(rate(SCRIPTS, Mode.UNCONTENDED, t))
                    .append(" | ")
                    .append(rate(SEATLOCK, Mode.UNCONTENDED, t))
                    .append(" | ")
                    .append(rate(REDISSON, Mode.UNCONTENDED, t))
                    .append(" | ")
                    .append(
                            ratio(SCRIPTS, CEILING, Mode.UNCONTENDED, t)
                                    .map(Ratio::toString)
                                    .orElse("–"))
                    .append(" | ")
                    .append(
                            ratio(SEATLOCK, SCRIPTS, Mode.UNCONTENDED, t)
                                    .map(Ratio::toString)
                                    .orElse("–"))
                    .append(" | ")
                    .append(
                            ratio(SEATLOCK, CEILING, Mode.UNCONTENDED, t)
                                    .map(Ratio::toString)
                                    .orElse("–"))
                    .append(" | ")
                    .append(
                            ratio(SEATLOCK, REDISSON, Mode.UNCONTENDED, t)
                                    .map(Ratio::toString)
                                    .orElse("–"))
                    .append(" | ")
                    .append(latencyRatio(SEATLOCK, CEILING, t).map(BenchReport::f2).orElse("–"))
                    .append(" |\n");
        }
        md.append(
                        "\nThe last column is ceiling p50 / SeatLock p50 over all rounds: less disturbed by bursts of other ")
                .append("work on a shared machine than throughput, which averages them in.\n");
        md.append("\nLatency of one acquire + release, µs (p50 / p99):\n\n");
        md.append(
                "| threads | ceiling | scripts | SeatLock | Redisson |\n|---:|---:|---:|---:|---:|\n");
        for (int t : o.threads()) {
            md.append("| ")
                    .append(t)
                    .append(" | ")
                    .append(latency(CEILING, Mode.UNCONTENDED, t))
                    .append(" | ")
                    .append(latency(SCRIPTS, Mode.UNCONTENDED, t))
                    .append(" | ")
                    .append(latency(SEATLOCK, Mode.UNCONTENDED, t))
                    .append(" | ")
                    .append(latency(REDISSON, Mode.UNCONTENDED, t))
                    .append(" |\n");
        }
        md.append(
                        "\nRedis commands per uncontended operation (from `INFO commandstats`; round trips = commands ")
                .append(
                        "the client sent, the rest ran inside Lua scripts; Redis µs = time of Redis' single thread ")
                .append("in those commands, scripts included, per operation):\n\n");
        md.append(
                        "| contender | round trips / op | all commands / op | Redis µs / op | commands per op |\n")
                .append("|---|---:|---:|---:|---|\n");
        int top = o.threads().get(o.threads().size() - 1);
        for (String c : List.of(CEILING, SCRIPTS, SEATLOCK, REDISSON)) {
            summary(c, Mode.UNCONTENDED, top)
                    .ifPresent(
                            s ->
                                    md.append("| ")
                                            .append(c)
                                            .append(" (")
                                            .append(top)
                                            .append(" threads) | ")
                                            .append(f2(s.clientCommandsPerOp()))
                                            .append(" | ")
                                            .append(f2(s.allCommandsPerOp()))
                                            .append(" | ")
                                            .append(f2(s.redisMicrosPerOp()))
                                            .append(" | ")
                                            .append(breakdown(s))
                                            .append(" |\n"));
        }

        md.append("\n## Contended: every thread wants one hot key\n\n");
        md.append(
                        "| threads | SeatLock acq/s | Redisson acq/s | SeatLock / Redisson | SeatLock p50 / p99 µs | ")
                .append(
                        "Redisson p50 / p99 µs | SeatLock round trips / acq | Redisson round trips / acq | ")
                .append(
                        "SeatLock all commands / acq | Redisson all commands / acq | SeatLock tries / acq | ")
                .append("timeouts | most holders at once |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int t : o.threads()) {
            Optional<Summary> s = summary(SEATLOCK, Mode.HOT_KEY, t);
            Optional<Summary> r = summary(REDISSON, Mode.HOT_KEY, t);
            md.append("| ")
                    .append(t)
                    .append(" | ")
                    .append(rate(SEATLOCK, Mode.HOT_KEY, t))
                    .append(" | ")
                    .append(rate(REDISSON, Mode.HOT_KEY, t))
                    .append(" | ")
                    .append(
                            ratio(SEATLOCK, REDISSON, Mode.HOT_KEY, t)
                                    .map(Ratio::toString)
                                    .orElse("–"))
                    .append(" | ")
                    .append(latency(SEATLOCK, Mode.HOT_KEY, t))
                    .append(" | ")
                    .append(latency(REDISSON, Mode.HOT_KEY, t))
                    .append(" | ")
                    .append(s.map(x -> f2(x.clientCommandsPerOp())).orElse("–"))
                    .append(" | ")
                    .append(r.map(x -> f2(x.clientCommandsPerOp())).orElse("–"))
                    .append(" | ")
                    .append(s.map(x -> f2(x.allCommandsPerOp())).orElse("–"))
                    .append(" | ")
                    .append(r.map(x -> f2(x.allCommandsPerOp())).orElse("–"))
                    .append(" | ")
                    .append(s.map(x -> f2(x.attemptsPerOp())).orElse("–"))
                    .append(" | ")
                    .append(
                            s.map(Summary::failures).orElse(0L)
                                    + r.map(Summary::failures).orElse(0L))
                    .append(" | ")
                    .append(
                            Math.max(
                                    s.map(Summary::maxHolders).orElse(0),
                                    r.map(Summary::maxHolders).orElse(0)))
                    .append(" |\n");
        }
        md.append(
                "\nCommands per contended acquisition by name:\n\n| contender | threads | commands per acquisition |\n|---|---:|---|\n");
        for (String c : List.of(SEATLOCK, REDISSON)) {
            for (int t : o.threads()) {
                summary(c, Mode.HOT_KEY, t)
                        .ifPresent(
                                s ->
                                        md.append("| ")
                                                .append(c)
                                                .append(" | ")
                                                .append(t)
                                                .append(" | ")
                                                .append(breakdown(s))
                                                .append(" |\n"));
            }
        }

        md.append("\n## Targets of issue 6\n\n");
        md.append(verdicts());
        md.append("\n![Throughput against threads](")
                .append(SVG)
                .append(")\n\nEvery measured cell: [")
                .append(CSV)
                .append("](")
                .append(CSV)
                .append(").\n");
        return md.toString();
    }

    private String verdicts() {
        StringBuilder v = new StringBuilder();
        List<String> belowCeiling = new ArrayList<>();
        List<String> behindRedisson = new ArrayList<>();
        for (int t : results.options().threads()) {
            // Short of the target when either estimate is: the throughput ratio is the noisier one.
            Optional<Ratio> byThroughput = ratio(SEATLOCK, CEILING, Mode.UNCONTENDED, t);
            Optional<Double> byLatency = latencyRatio(SEATLOCK, CEILING, t);
            if (byThroughput.map(r -> r.median() < 0.90).orElse(false)
                    || byLatency.map(r -> r < 0.90).orElse(false)) {
                belowCeiling.add(
                        t
                                + " threads: "
                                + byThroughput.map(Ratio::toString).orElse("–")
                                + " by throughput, "
                                + byLatency.map(BenchReport::f2).orElse("–")
                                + " by p50 latency");
            }
            ratio(SEATLOCK, REDISSON, Mode.UNCONTENDED, t)
                    .filter(r -> r.median() <= 1.0)
                    .ifPresent(r -> behindRedisson.add(t + " threads: " + r));
        }
        v.append(
                        "- Uncontended SeatLock ≥ 90 % of the ceiling at every thread count, by throughput and by p50 latency: ")
                .append(
                        belowCeiling.isEmpty()
                                ? "**met**"
                                : "**not met** (" + String.join("; ", belowCeiling) + ")")
                .append(".\n");
        v.append("- Uncontended SeatLock ahead of Redisson at every thread count: ")
                .append(
                        behindRedisson.isEmpty()
                                ? "**met**"
                                : "**not met** (" + String.join("; ", behindRedisson) + ")")
                .append(".\n");
        double worstSeatLock =
                results.options().threads().stream()
                        .map(t -> summary(SEATLOCK, Mode.HOT_KEY, t))
                        .flatMap(Optional::stream)
                        .mapToDouble(Summary::clientCommandsPerOp)
                        .max()
                        .orElse(Double.NaN);
        double worstRedisson =
                results.options().threads().stream()
                        .map(t -> summary(REDISSON, Mode.HOT_KEY, t))
                        .flatMap(Optional::stream)
                        .mapToDouble(Summary::clientCommandsPerOp)
                        .max()
                        .orElse(Double.NaN);
        int holders =
                results.cells().stream()
                        .filter(c -> c.mode() == Mode.HOT_KEY)
                        .mapToInt(Cell::maxHolders)
                        .max()
                        .orElse(0);
        double worstTries =
                results.options().threads().stream()
                        .map(t -> summary(SEATLOCK, Mode.HOT_KEY, t))
                        .flatMap(Optional::stream)
                        .mapToDouble(Summary::attemptsPerOp)
                        .max()
                        .orElse(Double.NaN);
        v.append("- No busy polling under contention: SeatLock sends at most ")
                .append(f2(worstSeatLock))
                .append(" round trips per contended acquisition (")
                .append(f2(worstTries))
                .append(" acquire tries + 1 release; Redisson ")
                .append(f2(worstRedisson))
                .append(
                        " round trips). Within one JVM SeatLock's waiters queue per key in arrival order: a release ")
                .append(
                        "wakes the first at once and a newcomer queues behind it (`LocalWaiters`), so the hand-over is ")
                .append(
                        "fair (p50 close to p99 above, all threads take turns) at the price of a thread wake-up per ")
                .append(
                        "hand-over. Besides, every waiter retries on a timer for releases on other servers: a random ")
                .append(
                        "time in [0, b], b doubling from 2 ms to 50 ms (25-50 ms at once behind a local waiter) and never ")
                .append(
                        "past the holder's remaining lease, so at most about 45 tries per second of waiting, whatever ")
                .append(
                        "the number of waiters or the wait time. Redisson waiters subscribe to a channel and retry ")
                .append(
                        "when the holder publishes its unlock; they are not queued, so a few wait very long (p99).\n");
        v.append("- Mutual exclusion on the hot key: most holders ever inside the lock at once = ")
                .append(holders)
                .append(holders == 1 ? " (correct)" : " (**violated**)")
                .append(".\n");
        return v.toString();
    }

    /**
     * A hand-written line chart: throughput against threads (log scale), one line per contender and
     * mode.
     */
    String svg() {
        List<Integer> threads = results.options().threads();
        record Line(String contender, Mode mode, String color, boolean dashed) {}
        List<Line> lines =
                List.of(
                        new Line(CEILING, Mode.UNCONTENDED, "#7f7f7f", false),
                        new Line(SCRIPTS, Mode.UNCONTENDED, "#2ca02c", false),
                        new Line(SEATLOCK, Mode.UNCONTENDED, "#1f77b4", false),
                        new Line(REDISSON, Mode.UNCONTENDED, "#d62728", false),
                        new Line(SEATLOCK, Mode.HOT_KEY, "#1f77b4", true),
                        new Line(REDISSON, Mode.HOT_KEY, "#d62728", true));
        double max = 1;
        for (Line l : lines) {
            for (int t : threads) {
                max =
                        Math.max(
                                max,
                                summary(l.contender(), l.mode(), t)
                                        .map(Summary::medianOpsPerSecond)
                                        .orElse(0.0));
            }
        }
        double top = niceCeiling(max);
        int width = 760;
        int height = 440;
        int left = 80;
        int right = 230;
        int topMargin = 40;
        int bottom = 60;
        int plotW = width - left - right;
        int plotH = height - topMargin - bottom;
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                        width,
                        height,
                        width,
                        height));
        s.append(
                String.format(
                        Locale.ROOT,
                        "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                        width,
                        height));
        s.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">"
                                + "Lock throughput (acquire + release per second) on %s</text>%n",
                        left,
                        escape(
                                results.environment().processors()
                                        + " CPUs, Redis "
                                        + results.environment().redis())));
        for (int i = 0; i <= 5; i++) {
            double value = top * i / 5;
            double y = topMargin + plotH - plotH * i / 5.0;
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n",
                            left,
                            y,
                            left + plotW,
                            y));
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                            left - 6,
                            y + 4,
                            thousands(value)));
        }
        for (int i = 0; i < threads.size(); i++) {
            double x = xOf(i, threads.size(), left, plotW);
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e0e0e0\"/>%n",
                            x,
                            topMargin,
                            x,
                            topMargin + plotH));
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                            x,
                            topMargin + plotH + 18,
                            threads.get(i)));
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">client threads (log scale)</text>%n",
                        left + plotW / 2,
                        height - 18));
        s.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">"
                                + "ops/s (median of rounds)</text>%n",
                        topMargin + plotH / 2,
                        topMargin + plotH / 2));
        s.append(
                String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                        left,
                        topMargin,
                        plotW,
                        plotH));
        int legendY = topMargin + 10;
        for (Line l : lines) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < threads.size(); i++) {
                Optional<Summary> sum = summary(l.contender(), l.mode(), threads.get(i));
                if (sum.isEmpty()) {
                    continue;
                }
                double x = xOf(i, threads.size(), left, plotW);
                double y = topMargin + plotH - plotH * sum.get().medianOpsPerSecond() / top;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                s.append(
                        String.format(
                                Locale.ROOT,
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n",
                                x,
                                y,
                                l.color()));
            }
            if (points.isEmpty()) {
                continue;
            }
            String dash = l.dashed() ? " stroke-dasharray=\"6 4\"" : "";
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s/>%n",
                            points.toString().trim(),
                            l.color(),
                            dash));
            int lx = left + plotW + 16;
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\"%s/>%n",
                            lx,
                            legendY,
                            lx + 28,
                            legendY,
                            l.color(),
                            dash));
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\">%s, %s</text>%n",
                            lx + 34,
                            legendY + 4,
                            escape(l.contender()),
                            escape(l.mode().label)));
            legendY += 22;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double xOf(int index, int count, int left, int plotW) {
        return count == 1
                ? left + plotW / 2.0
                : left + 30 + (plotW - 60) * index / (double) (count - 1);
    }

    private String rate(String contender, Mode mode, int threads) {
        return summary(contender, mode, threads)
                .map(s -> thousands(s.medianOpsPerSecond()))
                .orElse("–");
    }

    private String latency(String contender, Mode mode, int threads) {
        return summary(contender, mode, threads)
                .map(
                        s ->
                                String.format(
                                        Locale.ROOT,
                                        "%s / %s",
                                        f1(s.p50Micros()),
                                        f1(s.p99Micros())))
                .orElse("–");
    }

    private static String breakdown(Summary s) {
        return s.commandsPerOp().entrySet().stream()
                .filter(e -> e.getValue() >= 0.005)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .map(e -> "`" + e.getKey() + "` " + f2(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String millis(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    static String thousands(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
