package dev.seatlock.infrastructure.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Stores {@link Instant} as a TIMESTAMP. Written for JPA 3.1, which did not map it (EclipseLink
 * made it a BLOB); Persistence 3.2 maps it itself, but this converter stays so that the columns and
 * values of databases created before keep their type and meaning (the native mapping was not tried
 * against them).
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Timestamp> {

    @Override
    public Timestamp convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    @Override
    public Instant convertToEntityAttribute(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
