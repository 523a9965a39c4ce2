package dev.seatlock.domain.flight;

/** The cabin classes of the fleet, front to back. */
public enum Cabin {
    BUSINESS("Business"),
    ECONOMY("Economy");

    private final String label;

    Cabin(String label) {
        this.label = label;
    }

    /** The name buyers read, e.g. "Business". */
    public String label() {
        return label;
    }
}
