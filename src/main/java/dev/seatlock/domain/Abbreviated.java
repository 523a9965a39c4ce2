package dev.seatlock.domain;

/** Shortens client input before it is echoed in an error message or a log line. */
public final class Abbreviated {

    private static final int MAX = 24;

    private Abbreviated() {}

    public static String of(String input) {
        String printable = input.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= MAX ? printable : printable.substring(0, MAX) + "…";
    }
}
