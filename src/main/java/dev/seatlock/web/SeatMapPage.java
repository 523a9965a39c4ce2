package dev.seatlock.web;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.NotFoundException;
import dev.seatlock.domain.flight.Cabin;
import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.domain.flight.FlightId;
import dev.seatlock.domain.flight.SeatCode;
import dev.seatlock.domain.flight.SeatId;
import dev.seatlock.domain.flight.SeatMap;
import dev.seatlock.domain.flight.SeatView;
import dev.seatlock.domain.hold.HoldExpiredException;
import dev.seatlock.domain.hold.HoldService;
import dev.seatlock.domain.hold.HoldSettings;
import dev.seatlock.domain.hold.SeatHold;
import dev.seatlock.domain.hold.SeatsUnavailableException;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * seat-map.xhtml: the cabin of one flight, seat by seat, and the "Hold seats" action. The map is
 * kept current in the browser by {@link SeatMapWatch}, which this page asks to watch its flight.
 */
@Named
@RequestScoped
public class SeatMapPage {

    private static final Logger LOG = Logger.getLogger(SeatMapPage.class.getName());

    private final FlightCatalog catalog;
    private final HoldService holds;
    private final BuyerSession buyer;
    private final SeatMapWatch watch;
    private final HoldSettings holdSettings;

    private String flight;
    private final Set<String> selected = new LinkedHashSet<>();
    private SeatMap map;
    private boolean loaded;
    private boolean unavailable;
    private Optional<SeatHold> currentHold;

    @Inject
    public SeatMapPage(
            FlightCatalog catalog,
            HoldService holds,
            BuyerSession buyer,
            SeatMapWatch watch,
            HoldSettings holdSettings) {
        this.catalog = catalog;
        this.holds = holds;
        this.buyer = buyer;
        this.watch = watch;
        this.holdSettings = holdSettings;
    }

    /** For CDI's proxy. */
    protected SeatMapPage() {
        this(null, null, null, null, null);
    }

    /**
     * The flight comes from the query string ({@code ?flight=SL303}) or, on the Hold postback, from
     * the form's hidden field. Read here rather than through f:viewParam, because the form's {@code
     * rendered} condition needs it before view parameters reach the model.
     */
    @jakarta.annotation.PostConstruct
    void readFlight() {
        String[] values = Pages.parameterValues("flight");
        setFlight(values.length == 0 ? null : values[0]);
    }

    /** Holds the chosen seats (the checkboxes named "seat") and moves on to checkout. */
    public String hold() {
        List<String> codes = Arrays.stream(Pages.parameterValues("seat")).distinct().toList();
        selected.addAll(codes);
        if (codes.isEmpty()) {
            Pages.error("Choose at least one seat, then press Hold seats.");
            return null;
        }
        if (codes.size() > HoldSettings.MAX_SEATS) {
            Pages.error("You can hold at most " + HoldSettings.MAX_SEATS + " seats at a time.");
            return null;
        }
        try {
            FlightId flightId = new FlightId(flight);
            List<SeatCode> seats = codes.stream().map(SeatCode::new).toList();
            releasePreviousHold();
            SeatHold hold = holds.hold(buyer.owner(), flightId, seats);
            Pages.request().changeSessionId();
            buyer.holdTaken(hold.id(), flightId.value());
            watch.changed(flightId);
            return "checkout?faces-redirect=true";
        } catch (SeatsUnavailableException e) {
            List<String> taken = e.seatCodes();
            selected.removeAll(taken);
            Pages.error(takenMessage(taken));
        } catch (InvalidRequestException | NotFoundException e) {
            Pages.error(e.getMessage());
        } catch (LockStoreUnavailableException e) {
            LOG.log(Level.WARNING, "Hold refused: lock store unavailable ({0})", e.getMessage());
            Pages.error(Unavailable.BOOKING);
        }
        map = null;
        loaded = false;
        return null;
    }

    static String takenMessage(List<String> taken) {
        if (taken.size() == 1) {
            return taken.get(0) + " was just taken — choose another seat.";
        }
        return String.join(", ", taken.subList(0, taken.size() - 1))
                + " and "
                + taken.get(taken.size() - 1)
                + " were just taken — choose other seats.";
    }

    /** Choosing seats again gives up the seats this browser holds already, as on airline sites. */
    private void releasePreviousHold() {
        buyer.holdId()
                .ifPresent(
                        holdId -> {
                            try {
                                holds.release(
                                        buyer.owner(),
                                        new dev.seatlock.domain.hold.HoldKey(holdId));
                            } catch (RuntimeException e) {
                                LOG.log(
                                        Level.FINE,
                                        "Previous hold {0} not released: {1}",
                                        new Object[] {holdId, e.getMessage()});
                            }
                            buyer.holdEnded();
                        });
    }

    public Optional<SeatMap> getMap() {
        if (!loaded) {
            loaded = true;
            try {
                map = catalog.seatMap(new FlightId(flight == null ? "" : flight));
                watch.watch(map.flight().id());
            } catch (InvalidRequestException | NotFoundException e) {
                map = null;
            } catch (LockStoreUnavailableException e) {
                unavailable = true;
                map = null;
            }
        }
        return Optional.ofNullable(map);
    }

    public boolean isFound() {
        return getMap().isPresent();
    }

    public boolean isUnavailable() {
        getMap();
        return unavailable;
    }

    /**
     * The flight's heading; the page reads it many times per render and shows no seat count in it.
     */
    public FlightCard getCard() {
        return getMap().map(m -> FlightCard.of(m.flight(), 0)).orElse(null);
    }

    public List<SeatRow> getRows() {
        SeatMap seatMap = getMap().orElseThrow();
        Set<String> mine =
                currentHold()
                        .filter(hold -> hold.flightId().equals(seatMap.flight().id()))
                        .map(
                                hold ->
                                        hold.seats().stream()
                                                .map(SeatId::seat)
                                                .map(SeatCode::value)
                                                .collect(Collectors.toSet()))
                        .orElse(Set.of());
        char aisleAfter = seatMap.flight().layout().aisleAfter();
        Map<Integer, List<SeatView>> byRow =
                seatMap.seats().stream()
                        .collect(
                                Collectors.groupingBy(
                                        seat -> seat.seat().row(),
                                        LinkedHashMap::new,
                                        Collectors.toList()));
        List<SeatRow> rows = new ArrayList<>();
        Cabin previousCabin = null;
        for (List<SeatView> seats : byRow.values()) {
            List<SeatCell> left = new ArrayList<>();
            List<SeatCell> right = new ArrayList<>();
            for (SeatView seat : seats) {
                SeatCell cell = SeatCell.of(seat, selected.contains(seat.seat().value()));
                if (mine.contains(seat.seat().value())) {
                    cell =
                            new SeatCell(
                                    cell.code(),
                                    cell.cabin(),
                                    cell.exitRow(),
                                    cell.price(),
                                    "yours",
                                    false);
                }
                (seat.seat().letter() <= aisleAfter ? left : right).add(cell);
            }
            SeatView first = seats.get(0);
            rows.add(
                    new SeatRow(
                            first.seat().row(),
                            first.cabin().label(),
                            first.exitRow(),
                            first.cabin() != previousCabin,
                            left,
                            right));
            previousCabin = first.cabin();
        }
        return rows;
    }

    public String getBusinessPrice() {
        return price(Cabin.BUSINESS);
    }

    public String getEconomyPrice() {
        return price(Cabin.ECONOMY);
    }

    private String price(Cabin cabin) {
        return getMap().flatMap(
                        m -> m.seats().stream().filter(seat -> seat.cabin() == cabin).findFirst())
                .map(seat -> Prices.format(seat.price().amount(), seat.price().currency()))
                .orElse("");
    }

    /** The hold time in whole minutes (at least 1), for "your seats are held for 10 minutes". */
    public long getHoldMinutes() {
        return Math.max(1, holdSettings.ttl().toMinutes());
    }

    public int getMaxSeats() {
        return HoldSettings.MAX_SEATS;
    }

    /**
     * The hold this browser has already, if still valid: the page offers to continue to checkout.
     */
    public Optional<SeatHold> currentHold() {
        if (currentHold == null) {
            currentHold =
                    buyer.holdId()
                            .flatMap(
                                    holdId -> {
                                        try {
                                            return Optional.of(
                                                    holds.activeHold(buyer.owner(), holdId));
                                        } catch (HoldExpiredException
                                                | NotFoundException
                                                | LockStoreUnavailableException e) {
                                            return Optional.empty();
                                        }
                                    })
                            .filter(
                                    hold ->
                                            hold.status()
                                                    == dev.seatlock.domain.hold.HoldStatus.ACTIVE);
        }
        return currentHold;
    }

    public boolean isHolding() {
        return currentHold().isPresent();
    }

    public String getHeldSeats() {
        return currentHold()
                .map(
                        hold ->
                                hold.seats().stream()
                                        .map(SeatId::seat)
                                        .map(SeatCode::value)
                                        .collect(Collectors.joining(", ")))
                .orElse("");
    }

    public String getFlight() {
        return flight;
    }

    public void setFlight(String flight) {
        this.flight = flight == null ? null : flight.strip().toUpperCase(java.util.Locale.ROOT);
    }
}
