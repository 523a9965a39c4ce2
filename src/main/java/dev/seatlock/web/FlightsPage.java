package dev.seatlock.web;

import dev.seatlock.domain.flight.FlightCatalog;
import dev.seatlock.lock.LockStoreUnavailableException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * flights.xhtml: the flights for sale, filtered by origin, destination and date (GET parameters).
 */
@Named
@RequestScoped
public class FlightsPage {

    private final FlightCatalog catalog;
    private String from = "";
    private String to = "";
    private String date = "";
    private List<FlightCard> all;
    private boolean unavailable;

    @Inject
    public FlightsPage(FlightCatalog catalog) {
        this.catalog = catalog;
    }

    /** For CDI's proxy. */
    protected FlightsPage() {
        this(null);
    }

    public List<FlightCard> getFlights() {
        LocalDate day = parsedDate();
        return allFlights().stream()
                .filter(flight -> from.isBlank() || flight.origin().equalsIgnoreCase(from.strip()))
                .filter(flight -> to.isBlank() || flight.destination().equalsIgnoreCase(to.strip()))
                .filter(flight -> day == null || flight.localDate().equals(day))
                .toList();
    }

    /** The airports flights leave from, for the origin list: code and city. */
    public List<String[]> getOrigins() {
        return airports(true);
    }

    public List<String[]> getDestinations() {
        return airports(false);
    }

    public boolean isFiltered() {
        return !from.isBlank() || !to.isBlank() || !date.isBlank();
    }

    public boolean isUnavailable() {
        allFlights();
        return unavailable;
    }

    private List<String[]> airports(boolean origins) {
        return allFlights().stream()
                .map(flight -> origins ? flight.origin() : flight.destination())
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new))
                .stream()
                .map(code -> new String[] {code, Airports.city(code) + " (" + code + ")"})
                .toList();
    }

    private List<FlightCard> allFlights() {
        if (all == null) {
            try {
                all =
                        catalog.flights().stream()
                                .map(
                                        summary ->
                                                FlightCard.of(
                                                        summary.flight(), summary.seatsAvailable()))
                                .toList();
            } catch (LockStoreUnavailableException e) {
                unavailable = true;
                all = List.of();
            }
        }
        return all;
    }

    private LocalDate parsedDate() {
        if (date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from == null ? "" : from.toUpperCase(Locale.ROOT);
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to == null ? "" : to.toUpperCase(Locale.ROOT);
    }

    public String getDate() {
        return date;
    }

    public void setDate(String date) {
        this.date = date == null ? "" : date;
    }
}
