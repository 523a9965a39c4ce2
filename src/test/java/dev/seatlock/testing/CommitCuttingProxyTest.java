package dev.seatlock.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CommitCuttingProxy} in front of a real PostgreSQL: unarmed it is invisible; armed, the
 * marked transaction's COMMIT reaches the database (a direct connection sees the row) while the
 * client's {@code commit()} fails with a connection error, and no other connection or transaction
 * is touched.
 */
class CommitCuttingProxyTest {

    private static final String MARKER = "INSERT INTO BOOKING";
    private static final Duration CUT_WAIT = Duration.ofSeconds(10);

    private static ThrowawayPostgres postgres;
    private CommitCuttingProxy proxy;

    @BeforeAll
    static void startPostgres() throws SQLException {
        Optional<Path> bin = ThrowawayPostgres.binaries();
        assumeTrue(
                bin.isPresent(),
                "CommitCuttingProxy tests skipped: no PostgreSQL binaries in /usr/lib/postgresql/*/bin"
                        + " (apt-get install postgresql; .ci/run installs it)");
        postgres = ThrowawayPostgres.start(bin.get(), freePort());
        try (Connection direct = postgres.connect();
                Statement statement = direct.createStatement()) {
            statement.execute("CREATE TABLE BOOKING (id varchar(64) PRIMARY KEY)");
            statement.execute("CREATE TABLE AUDIT (id varchar(64) PRIMARY KEY)");
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void proxy() {
        proxy = CommitCuttingProxy.to("127.0.0.1", postgres.port());
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void anUnarmedProxyPassesTransactionsThrough() throws SQLException {
        try (Connection connection = throughProxy();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE PLAIN (id int, label varchar(20))");
            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO PLAIN VALUES (1, 'one')");
            connection.commit();
            try (ResultSet rows = statement.executeQuery("SELECT label FROM PLAIN WHERE id = 1")) {
                assertThat(rows.next())
                        .as("the committed row, read back through the proxy")
                        .isTrue();
                assertThat(rows.getString(1)).isEqualTo("one");
            }
            connection.commit();
        }
        assertThat(proxy.cuts()).as("cuts of an unarmed proxy").isZero();
    }

    @Test
    void theArmedCommitReachesPostgresButTheClientIsToldTheConnectionFailed() throws Exception {
        String before = id("before");
        String booking = id("booking");
        proxy.arm(MARKER);
        try (Connection other = throughProxy();
                Connection marked = throughProxy()) {
            other.setAutoCommit(false);
            insert(other, "AUDIT", before);
            other.commit(); // no marker: not cut

            marked.setAutoCommit(false);
            insert(marked, "BOOKING", booking);
            SQLException failure = commitFailure(marked);

            assertThat(failure.getSQLState()).as("SQLState of " + failure).startsWith("08");
            assertThat(proxy.awaitCut(CUT_WAIT)).as("the cut completed").isTrue();
            assertThat(committed("BOOKING", booking))
                    .as("the booking whose COMMIT reply was lost is committed")
                    .isTrue();
            assertThat(committed("AUDIT", before))
                    .as("the unmarked transaction before it")
                    .isTrue();
            assertThat(stillWorks(other)).as("the other connection after the cut").isTrue();
        }
        assertThat(proxy.cuts()).isEqualTo(1);
        assertThat(proxy.isArmed()).as("armed after firing").isFalse();
    }

    @Test
    void itFiresOnceAndTheNextMarkedTransactionCommitsNormally() throws Exception {
        proxy.arm(MARKER);
        try (Connection first = throughProxy()) {
            first.setAutoCommit(false);
            insert(first, "BOOKING", id("first"));
            commitFailure(first);
        }
        String second = id("second");
        try (Connection next = throughProxy()) {
            next.setAutoCommit(false);
            insert(next, "BOOKING", second);
            next.commit();
        }
        assertThat(committed("BOOKING", second))
                .as("the second marked transaction, after the proxy disarmed")
                .isTrue();
        assertThat(proxy.cuts()).isEqualTo(1);
    }

    @Test
    void inAPoolOnlyTheConnectionThatSentTheMarkerIsCut() throws Exception {
        String audit = id("pooled-audit");
        String booking = id("pooled-booking");
        proxy.arm(MARKER);
        try (Connection first = throughProxy();
                Connection second = throughProxy()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            insert(second, "BOOKING", booking); // the marker, on the second connection
            insert(first, "AUDIT", audit);
            first.commit(); // committed while the second has sent the marker: not cut

            SQLException failure = commitFailure(second);

            assertThat(failure.getSQLState()).as("SQLState of " + failure).startsWith("08");
            assertThat(proxy.awaitCut(CUT_WAIT)).as("the cut completed").isTrue();
            assertThat(committed("BOOKING", booking))
                    .as("the second connection's booking")
                    .isTrue();
            assertThat(committed("AUDIT", audit)).as("the first connection's row").isTrue();
            assertThat(stillWorks(first)).as("the first connection after the cut").isTrue();
            assertThat(second.isValid(1)).as("the second connection after the cut").isFalse();
        }
        assertThat(proxy.cuts()).isEqualTo(1);
    }

    @Test
    void aMarkerRolledBackDoesNotCutTheNextTransaction() throws Exception {
        String audit = id("after-rollback");
        proxy.arm(MARKER);
        try (Connection connection = throughProxy()) {
            connection.setAutoCommit(false);
            insert(connection, "BOOKING", id("rolled-back"));
            connection.rollback();
            insert(connection, "AUDIT", audit);
            connection.commit();
        }
        assertThat(committed("AUDIT", audit)).isTrue();
        assertThat(proxy.cuts()).as("cuts after a rolled-back marker").isZero();
        assertThat(proxy.isArmed()).as("still armed for the next marker").isTrue();
    }

    @Test
    void aMarkerInANamedServerSideStatementIsSeen() throws Exception {
        String booking = id("named");
        // prepareThreshold=1: the driver Parses named statements once and then only Binds them by
        // name.
        try (Connection connection =
                DriverManager.getConnection(
                        proxy.jdbcUrl("seatlock") + "?prepareThreshold=1",
                        "seatlock",
                        "seatlock")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 3; i++) {
                insert(connection, "BOOKING", id("warm-up-" + i));
                connection.commit();
            }
            proxy.arm(MARKER);
            insert(connection, "BOOKING", booking);
            commitFailure(connection);
        }
        assertThat(proxy.awaitCut(CUT_WAIT)).as("the cut completed").isTrue();
        assertThat(committed("BOOKING", booking))
                .as("the booking bound to a named statement")
                .isTrue();
    }

    @Test
    void cutAllClosesEveryOpenConnection() throws SQLException {
        try (Connection first = throughProxy();
                Connection second = throughProxy()) {
            assertThat(stillWorks(first) && stillWorks(second))
                    .as("both connections before cutAll")
                    .isTrue();
            proxy.cutAll();
            assertThat(first.isValid(1)).as("the first connection after cutAll").isFalse();
            assertThat(second.isValid(1)).as("the second connection after cutAll").isFalse();
        }
        try (Connection fresh = throughProxy()) {
            assertThat(fresh.isValid(1)).as("a new connection after cutAll").isTrue();
        }
    }

    private Connection throughProxy() throws SQLException {
        return DriverManager.getConnection(proxy.jdbcUrl("seatlock"), "seatlock", "seatlock");
    }

    private static SQLException commitFailure(Connection connection) {
        SQLException failure = catchThrowableOfType(connection::commit, SQLException.class);
        assertThat((Throwable) failure)
                .as("the failure of commit() of the marked transaction")
                .isNotNull();
        return failure;
    }

    private static void insert(Connection connection, String table, String id) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO " + table + " (id) VALUES (?)")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
    }

    /** Read on a fresh direct connection, past the proxy. */
    private static boolean committed(String table, String id) throws SQLException {
        try (Connection direct = postgres.connect();
                PreparedStatement select =
                        direct.prepareStatement(
                                "SELECT count(*) FROM " + table + " WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1) == 1;
            }
        }
    }

    private static boolean stillWorks(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            boolean answered = rows.next();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return answered;
        }
    }

    private static String id(String what) {
        return what + "-" + UUID.randomUUID();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
