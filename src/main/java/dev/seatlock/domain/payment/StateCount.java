package dev.seatlock.domain.payment;

/** How many payments are in one state: a row of {@link Payments#stateCounts()}. */
public record StateCount(PaymentState state, long count) {}
