package dev.seatlock.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON-B as the API wants it: a misspelt or unknown field is an error (400), not silently ignored,
 * and absent optional fields are left out of responses.
 */
@Provider
public class StrictJsonb implements ContextResolver<Jsonb> {

    /** Yasson's switch; JSON-B 3.0 has no standard one. */
    private static final String FAIL_ON_UNKNOWN_PROPERTIES = "jsonb.fail-on-unknown-properties";

    private final Jsonb jsonb =
            JsonbBuilder.create(
                    new JsonbConfig()
                            .setProperty(FAIL_ON_UNKNOWN_PROPERTIES, true)
                            .withNullValues(false));

    @Override
    public Jsonb getContext(Class<?> type) {
        return jsonb;
    }
}
