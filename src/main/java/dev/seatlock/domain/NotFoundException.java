package dev.seatlock.domain;

/**
 * No such flight, hold or booking for this buyer. Another buyer's hold or booking is reported the
 * same way, so an identifier never tells whether it exists for someone else. 404.
 */
public class NotFoundException extends RuntimeException {

    private final String kind;

    public NotFoundException(String kind, String id) {
        super("No " + kind + " '" + Abbreviated.of(id) + "'");
        this.kind = kind;
    }

    /** flight, hold or booking. */
    public String kind() {
        return kind;
    }
}
