package dev.seatlock.domain;

import java.math.BigDecimal;
import java.util.Objects;

/** An amount in a currency. */
public record Money(BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    @Override
    public String toString() {
        return currency + " " + amount.toPlainString();
    }
}
