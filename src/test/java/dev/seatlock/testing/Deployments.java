package dev.seatlock.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one way integration tests build their Arquillian archive: the WAR that the build produced,
 * plus the test's own classes. The archive gets its own name so that it never clashes with the
 * {@code seatlock} application that server.xml declares.
 */
public final class Deployments {

    private Deployments() {}

    /**
     * The built WAR ({@code it.war}, set by failsafe) with {@code testClasses} added to
     * WEB-INF/classes.
     */
    public static WebArchive seatLockWith(Class<?>... testClasses) {
        String war = System.getProperty("it.war");
        if (war == null) {
            throw new IllegalStateException(
                    "it.war is not set: run integration tests through failsafe (mvn verify)");
        }
        WebArchive built = ShrinkWrap.createFromZipFile(WebArchive.class, new File(war));
        return ShrinkWrap.create(WebArchive.class, "seatlock-it.war")
                .merge(built)
                .addClasses(testClasses)
                .addClass(Deployments.class)
                .addAsLibraries(jarOf(org.assertj.core.api.Assertions.class));
    }

    /**
     * The jar a test library class was loaded from, for libraries the tests use inside the server.
     */
    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the jar of " + type.getName(), e);
        }
    }
}
