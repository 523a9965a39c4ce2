package dev.seatlock.infrastructure.payment;

import java.util.Locale;

/** Which acquirer takes the money: {@code seatlock.payment.provider}. */
public enum PaymentProvider {
    /** {@link SimulatedPaymentGateway}: test cards, books in our own database. The default. */
    SIMULATED,
    /** {@link StripePaymentGateway}: Stripe's API, with {@code seatlock.payment.stripe.*}. */
    STRIPE;

    public static final String SETTING = "seatlock.payment.provider";

    /**
     * The provider of that name, in any case.
     *
     * @throws PaymentConfigurationException for any other name
     */
    public static PaymentProvider named(String name) {
        for (PaymentProvider provider : values()) {
            if (provider.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return provider;
            }
        }
        throw new PaymentConfigurationException(
                SETTING + " must be simulated or stripe, was '" + name + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
