package dev.seatlock.web;

import dev.seatlock.domain.InvalidRequestException;
import dev.seatlock.domain.payment.PaymentCard;
import java.io.Serializable;

/**
 * The payment fields of the checkout page. The card number and security code are never kept beyond
 * the request that pays: {@link #forget()} clears them.
 */
public class CardForm implements Serializable {

    private static final long serialVersionUID = 1L;

    private String number;
    private String expiry;
    private String cvc;
    private String holder;

    /**
     * The card as the booking services take it; {@link PaymentCard} checks Luhn, expiry and CVC.
     */
    PaymentCard toCard() {
        return new PaymentCard(
                number, PaymentCard.expiryOf(expiry), cvc, holder == null ? null : holder.strip());
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
