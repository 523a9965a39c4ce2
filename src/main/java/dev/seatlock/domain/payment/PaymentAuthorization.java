package dev.seatlock.domain.payment;

import dev.seatlock.domain.Money;

/** Money reserved on a card: captured once the booking is written, voided otherwise. */
public record PaymentAuthorization(String id, Money amount, String cardLast4) {}
