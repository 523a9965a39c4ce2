package dev.seatlock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatlock.bench.LockBenchmark.Cell;
import dev.seatlock.bench.LockBenchmark.Mode;
import dev.seatlock.testing.RedisServer;
import dev.seatlock.testing.RedisServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the lock benchmark with tiny counts, so that the benchmark code cannot rot unnoticed: every
 * contender completes its operations and the hot key never has two holders at once. Measures
 * nothing.
 */
class LockBenchmarkSmokeTest {

    private static final int OPS_PER_THREAD = 20;

    @Test
    void everyContenderCompletesItsOperationsAndTheHotKeyHasOneHolderAtATime() throws Exception {
        LockBenchmark.Options tiny =
                new LockBenchmark.Options(
                        List.of(1, 4),
                        1,
                        Duration.ofSeconds(20),
                        Duration.ZERO,
                        OPS_PER_THREAD,
                        8,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(5),
                        20_000);
        try (RedisServer redis = RedisServers.startCrashable()) {
            LockBenchmark.Results results = LockBenchmark.run(redis, tiny, line -> {});

            assertThat(results.cells())
                    .as(
                            "cells run: 4 contenders uncontended + 2 on the hot key, at 2 thread counts")
                    .hasSize(12);
            for (Cell cell : results.cells()) {
                assertThat(cell.ops())
                        .as(
                                "operations completed by %s, %s, %d threads",
                                cell.contender(), cell.mode(), cell.threads())
                        .isEqualTo((long) OPS_PER_THREAD * cell.threads());
                assertThat(cell.failures())
                        .as("timeouts of %s, %s", cell.contender(), cell.mode())
                        .isZero();
                if (cell.mode() == Mode.HOT_KEY) {
                    assertThat(cell.maxHolders())
                            .as(
                                    "most holders of the hot key at once, %s, %d threads",
                                    cell.contender(), cell.threads())
                            .isEqualTo(1);
                    assertThat(cell.allCommands())
                            .as("commands counted by INFO commandstats for %s", cell.contender())
                            .isPositive();
                }
            }
            BenchReport report = new BenchReport(results);
            assertThat(report.markdown()).as("report").contains("| 4 |", "SeatLock / ceiling");
            assertThat(report.svg()).as("chart").startsWith("<svg").contains("<polyline");
            assertThat(report.csv().lines()).as("one CSV line per cell, and a header").hasSize(13);
        }
    }
}
