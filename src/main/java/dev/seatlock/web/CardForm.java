package dev.seatlock.web;

import dev.seatlock.booking.InvalidRequestException;
import dev.seatlock.booking.PaymentCard;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.YearMonth;

/**
 * The payment fields of the checkout page. The card number and security code are never kept beyond the
 * request that pays: {@link #forget()} clears them.
 */
public class CardForm implements Serializable {

    private static final long serialVersionUID = 1L;

    private String number;
    private String expiry;
    private String cvc;
    private String holder;

    /** The card as the booking services take it; {@link PaymentCard} checks Luhn, expiry and CVC. */
    PaymentCard toCard() {
        return new PaymentCard(number, parseExpiry(expiry), cvc, holder == null ? null : holder.strip());
    }

    /** "MM/YY" or "MM/YYYY" as a month, or null when it is neither. */
    static YearMonth parseExpiry(String text) {
        if (text == null || !text.strip().matches("(0[1-9]|1[0-2]) ?/ ?([0-9]{2}|[0-9]{4})")) {
            return null;
        }
        String[] parts = text.replace(" ", "").split("/");
        int year = Integer.parseInt(parts[1]);
        try {
            return YearMonth.of(year < 100 ? 2000 + year : year, Integer.parseInt(parts[0]));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The form field a card rejection is about, for the message's place on the page. */
    static String fieldOf(InvalidRequestException e) {
        return switch (e.field()) {
            case "payment.cardNumber" -> "cardNumber";
            case "payment.expiry" -> "expiry";
            case "payment.cvc" -> "cvc";
            case "payment.holder" -> "holder";
            default -> null;
        };
    }

    void forget() {
        number = null;
        cvc = null;
    }

    public String getNumber() {
        return number;
    }

    public void setNumber(String number) {
        this.number = number;
    }

    public String getExpiry() {
        return expiry;
    }

    public void setExpiry(String expiry) {
        this.expiry = expiry;
    }

    public String getCvc() {
        return cvc;
    }

    public void setCvc(String cvc) {
        this.cvc = cvc;
    }

    public String getHolder() {
        return holder;
    }

    public void setHolder(String holder) {
        this.holder = holder;
    }
}
