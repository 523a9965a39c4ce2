package dev.seatlock.domain;

/**
 * The data store the domain's Jakarta Data repositories name. One persistence unit reference, to
 * the application's own unit {@code seatlock} (META-INF/persistence.xml), declared in web.xml: so
 * the repositories work with that unit's entity list, converters, data source and, above all, its
 * {@code shared-cache-mode NONE}. Named as a data source instead, Liberty would build a persistence
 * unit of its own for them, with its own defaults and not the unit's settings.
 */
public final class DataStores {

    /** JNDI name of the persistence unit reference (web.xml persistence-unit-ref). */
    public static final String SEATLOCK = "java:app/env/persistence/seatlock";

    private DataStores() {}
}
