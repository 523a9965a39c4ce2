package dev.seatlock.domain.payment;

import dev.seatlock.domain.InvalidRequestException;
import java.time.YearMonth;

/**
 * A payment card as entered by the buyer. Lives only for the length of a request: it is never
 * stored or logged, and {@link #toString()} shows the last four digits only.
 */
public record PaymentCard(String number, YearMonth expiry, String cvc, String holder) {

    public PaymentCard {
        number = digitsOf(number);
        if (!isValidNumber(number)) {
            throw new InvalidRequestException(
                    "payment.cardNumber", "The card number is not valid; check the digits");
        }
        if (expiry == null || expiry.isBefore(YearMonth.now())) {
            throw new InvalidRequestException(
                    "payment.expiry", "The card has expired; use another card");
        }
        if (cvc == null || !cvc.matches("[0-9]{3,4}")) {
            throw new InvalidRequestException(
                    "payment.cvc", "The security code is the 3 or 4 digits on the card");
        }
        if (holder == null || holder.isBlank() || holder.length() > 80) {
            throw new InvalidRequestException(
                    "payment.holder", "Give the card holder's name as on the card");
        }
    }

    /**
     * Whether a typed card number (spaces and dashes allowed) has 12 to 19 digits that pass the
     * Luhn check.
     */
    public static boolean isValidNumber(String typed) {
        String digits = digitsOf(typed);
        return digits.matches("[0-9]{12,19}") && passesLuhn(digits);
    }

    private static String digitsOf(String typed) {
        return typed == null ? "" : typed.replaceAll("[ -]", "");
    }

    /**
     * "MM/YY" or "MM/YYYY" (spaces around the slash allowed) as a month, or null when it is
     * neither.
     */
    public static YearMonth expiryOf(String text) {
        if (text == null || !text.strip().matches("(0[1-9]|1[0-2]) ?/ ?([0-9]{2}|[0-9]{4})")) {
            return null;
        }
        String[] parts = text.replace(" ", "").strip().split("/");
        int year = Integer.parseInt(parts[1]);
        return YearMonth.of(year < 100 ? 2000 + year : year, Integer.parseInt(parts[0]));
    }

    public String last4() {
        return number.substring(number.length() - 4);
    }

    /** The Luhn checksum every card number carries, which catches a mistyped digit. */
    public static boolean passesLuhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    @Override
    public String toString() {
        return "PaymentCard[**** " + last4() + "]";
    }
}
