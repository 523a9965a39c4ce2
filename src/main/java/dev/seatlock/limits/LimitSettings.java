package dev.seatlock.limits;

import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.hold.SeatAllowance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The abuse limits, from MicroProfile Config ({@code seatlock.limits.*}; defaults in {@code
 * META-INF/microprofile-config.properties}, explained in README "Abuse limits"). Read once at
 * start.
 */
@ApplicationScoped
public class LimitSettings {

    private static final Logger LOG = Logger.getLogger(LimitSettings.class.getName());

    /** Held seats per partner on one flight. */
    public static final String PARTNER_PER_FLIGHT = "seatlock.limits.held-seats.partner-per-flight";

    /** Held seats per partner on all flights together. */
    public static final String PARTNER_TOTAL = "seatlock.limits.held-seats.partner";

    /** Held seats per browser session. */
    public static final String SESSION_SEATS = "seatlock.limits.held-seats.session";

    /** Held seats per client address (browser checkout). */
    public static final String ADDRESS_SEATS = "seatlock.limits.held-seats.address";

    /** Declined cards per hold before it is released. */
    public static final String DECLINES_PER_HOLD = "seatlock.limits.declines.per-hold";

    /** Declined cards per browser session before its payments are refused for a while. */
    public static final String DECLINES_PER_SESSION = "seatlock.limits.declines.per-session";

    /** How long a session's declines are remembered. */
    public static final String DECLINES_WINDOW = "seatlock.limits.declines.session-window";

    private final int partnerPerFlight;
    private final int partnerTotal;
    private final int sessionSeats;
    private final int addressSeats;
    private final int declinesPerHold;
    private final int declinesPerSession;
    private final Duration declinesWindow;
    private final RateLimit partnerRequests;
    private final RateLimit addressRequests;
    private final RateLimit lookupsPerAddress;
    private final RateLimit lookupsPerSession;

    @Inject
    public LimitSettings(Config config) {
        this.partnerPerFlight = positive(config, PARTNER_PER_FLIGHT);
        this.partnerTotal = positive(config, PARTNER_TOTAL);
        this.sessionSeats = positive(config, SESSION_SEATS);
        this.addressSeats = positive(config, ADDRESS_SEATS);
        this.declinesPerHold = positive(config, DECLINES_PER_HOLD);
        this.declinesPerSession = positive(config, DECLINES_PER_SESSION);
        this.declinesWindow = config.getValue(DECLINES_WINDOW, Duration.class);
        this.partnerRequests = rate(config, "seatlock.limits.api.partner");
        this.addressRequests = rate(config, "seatlock.limits.address");
        this.lookupsPerAddress = rate(config, "seatlock.limits.my-booking.address");
        this.lookupsPerSession = rate(config, "seatlock.limits.my-booking.session");
        LOG.log(
                Level.INFO,
                "Abuse limits: seats held at once {0} per partner on a flight, {1} per partner, {2} per"
                        + " browser session, {3} per client address; requests {4} per partner key, {5} per"
                        + " client address; My booking look-ups {6} per address, {7} per session; {8}"
                        + " declined cards per hold, {9} per session",
                new Object[] {
                    partnerPerFlight,
                    partnerTotal,
                    sessionSeats,
                    addressSeats,
                    partnerRequests.describe(),
                    addressRequests.describe(),
                    lookupsPerAddress.describe(),
                    lookupsPerSession.describe(),
                    declinesPerHold,
                    declinesPerSession
                });
    }

    /** For CDI's proxy. */
    protected LimitSettings() {
        this.partnerPerFlight = 0;
        this.partnerTotal = 0;
        this.sessionSeats = 0;
        this.addressSeats = 0;
        this.declinesPerHold = 0;
        this.declinesPerSession = 0;
        this.declinesWindow = null;
        this.partnerRequests = null;
        this.addressRequests = null;
        this.lookupsPerAddress = null;
        this.lookupsPerSession = null;
    }

    public int partnerPerFlight() {
        return partnerPerFlight;
    }

    public int partnerTotal() {
        return partnerTotal;
    }

    public int sessionSeats() {
        return sessionSeats;
    }

    public int addressSeats() {
        return addressSeats;
    }

    public int declinesPerHold() {
        return declinesPerHold;
    }

    public int declinesPerSession() {
        return declinesPerSession;
    }

    public Duration declinesWindow() {
        return declinesWindow;
    }

    /** API requests per partner key. */
    public RateLimit partnerRequests() {
        return partnerRequests;
    }

    /** Requests per client address, pages and API alike (static resources are not counted). */
    public RateLimit addressRequests() {
        return addressRequests;
    }

    /** My booking look-ups per client address. */
    public RateLimit lookupsPerAddress() {
        return lookupsPerAddress;
    }

    /** My booking look-ups per browser session. */
    public RateLimit lookupsPerSession() {
        return lookupsPerSession;
    }

    /**
     * What a partner's hold counts against: its seats held on this flight, and on all flights.
     *
     * @param owner the partner's owner name, {@code partner:<name>}
     */
    public List<SeatAllowance> forPartner(String owner, FlightId flight) {
        return List.of(
                new SeatAllowance(
                        owner,
                        Optional.of(flight),
                        partnerPerFlight,
                        PARTNER_PER_FLIGHT,
                        "one partner on flight " + flight.value()),
                new SeatAllowance(
                        owner, Optional.empty(), partnerTotal, PARTNER_TOTAL, "one partner"));
    }

    /**
     * What a browser's hold counts against: its session's seats held and its client address's.
     *
     * @param owner the session's owner name, {@code web:<id>}
     * @param clientAddress the request's remote address (the real client behind a trusted proxy)
     */
    public List<SeatAllowance> forBrowser(String owner, String clientAddress) {
        return List.of(
                new SeatAllowance(
                        owner, Optional.empty(), sessionSeats, SESSION_SEATS, "one browser"),
                new SeatAllowance(
                        "addr:" + clientAddress,
                        Optional.empty(),
                        addressSeats,
                        ADDRESS_SEATS,
                        "one internet connection"));
    }

    private static int positive(Config config, String key) {
        int value = config.getValue(key, Integer.class);
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
        return value;
    }

    private static RateLimit rate(Config config, String key) {
        return new RateLimit(
                key,
                config.getValue(key + ".burst", Integer.class),
                config.getValue(key + ".refill", Duration.class));
    }
}
