package dev.seatlock.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionReportTest {

    private final EvictionReport report =
            new EvictionReport(
                    List.of(
                            EvictionReport.Server.read("10.1.2.3:6379", "noeviction"),
                            EvictionReport.Server.read("10.1.2.4:6380", "volatile-lru"),
                            EvictionReport.Server.unchecked(
                                    "10.1.2.5:6381", "no answer: Connection refused")));

    @Test
    void theLogVersionNamesTheServers() {
        assertThat(report.policies()).contains("10.1.2.3:6379=noeviction");
        assertThat(report.warning())
                .hasValueSatisfying(w -> assertThat(w).contains("10.1.2.4:6380"));
    }

    @Test
    void theVersionForReadinessNamesNoServerAndNoCause() {
        assertThat(report.policiesWithoutNames()).isEqualTo("noeviction, volatile-lru, unknown");
        assertThat(report.uncheckedCount()).contains("1 of 3 servers");
        assertThat(report.warningWithoutNames())
                .hasValueSatisfying(
                        w ->
                                assertThat(w)
                                        .as("warning")
                                        .contains("volatile-lru", "noeviction")
                                        .doesNotContain("10.1.2.", ":638", ":6379"));
        assertThat(
                        report.policiesWithoutNames()
                                + report.uncheckedCount().orElseThrow()
                                + report.warningWithoutNames().orElseThrow())
                .doesNotContain("10.1.2.")
                .doesNotContain("refused");
    }
}
