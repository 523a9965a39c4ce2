package dev.seatlock.web;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Prices as the pages print them: "129 EUR", or "129.50 EUR" when there are cents. */
final class Prices {

    private Prices() {}

    static String format(BigDecimal amount, String currency) {
        BigDecimal shown =
                amount.stripTrailingZeros().scale() <= 0
                        ? amount.setScale(0, RoundingMode.UNNECESSARY)
                        : amount.setScale(2, RoundingMode.HALF_EVEN);
        return shown.toPlainString() + " " + currency;
    }
}
