package dev.seatlock.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The partner API for travel agencies, under {@code /api/v1}. */
@ApplicationPath("/api")
@OpenAPIDefinition(
        info =
                @Info(
                        title = "SeatLock partner API",
                        version = "1",
                        description =
                                "Hold seats, confirm them with a payment, and manage bookings. Every call needs a"
                                        + " partner key as 'Authorization: Bearer <key>'. Errors are application/problem+json (RFC 9457)."),
        security = @SecurityRequirement(name = "partnerKey"))
@SecurityScheme(
        securitySchemeName = "partnerKey",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer")
public class SeatLockApi extends Application {}
