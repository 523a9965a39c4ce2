package dev.seatlock.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The direction of the house, read from the compiled classes: the domain declares what it needs
 * (repositories, {@link DatabaseFailures}, the payment gateway) and the outer packages implement or
 * use it, never the other way round. Reads every class name a domain class file refers to (its
 * constant pool: types of fields, parameters, annotations, casts, imports that survived
 * compilation), so an import that is only used in a Javadoc does not count and a fully qualified
 * name in the code does.
 */
class DomainDependenciesTest {

    @Test
    void theDomainRefersToNothingInInfrastructure() throws IOException {
        assertThat(domainClassesReferring("dev/seatlock/infrastructure/"))
                .as(
                        "domain classes and the infrastructure classes they refer to (the domain"
                                + " declares an interface, infrastructure implements it)")
                .isEmpty();
    }

    @Test
    void theDomainRefersNeitherToThePartnerApiNorToTheWebPages() throws IOException {
        assertThat(domainClassesReferring("dev/seatlock/api/"))
                .as("domain classes referring to dev.seatlock.api (which uses the domain)")
                .isEmpty();
        assertThat(domainClassesReferring("dev/seatlock/web/"))
                .as("domain classes referring to dev.seatlock.web (which uses the domain)")
                .isEmpty();
    }

    @Test
    void theScanSeesWhatADomainClassRefersTo() throws IOException {
        Set<String> references =
                referencesOf(domainClassFiles().filter(isClass("checkout/CheckoutService")))
                        .get("dev/seatlock/domain/checkout/CheckoutService");
        assertThat(references).as("what the scan reads of CheckoutService").isNotNull();
        for (String used :
                List.of("dev/seatlock/domain/DatabaseFailures", "dev/seatlock/lock/SeatLocked")) {
            assertThat(references.stream().anyMatch(reference -> reference.contains(used)))
                    .as("CheckoutService refers to " + used + " (a field type, an annotation)")
                    .isTrue();
        }
    }

    private static Map<String, Set<String>> domainClassesReferring(String prefix)
            throws IOException {
        Map<String, Set<String>> offending = new TreeMap<>();
        referencesOf(domainClassFiles())
                .forEach(
                        (type, references) -> {
                            Set<String> matching = new TreeSet<>();
                            references.stream()
                                    .filter(reference -> reference.contains(prefix))
                                    .forEach(matching::add);
                            if (!matching.isEmpty()) {
                                offending.put(type, matching);
                            }
                        });
        return offending;
    }

    private static java.util.function.Predicate<Path> isClass(String relative) {
        return file -> file.toString().replace('\\', '/').endsWith(relative + ".class");
    }

    private static Stream<Path> domainClassFiles() throws IOException {
        Path root;
        try {
            root =
                    Path.of(DatabaseFailures.class.getResource("DatabaseFailures.class").toURI())
                            .getParent();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(file -> file.toString().endsWith(".class")).forEach(files::add);
        }
        assertThat(files).as("compiled domain classes under " + root).hasSizeGreaterThan(20);
        return files.stream();
    }

    private static Map<String, Set<String>> referencesOf(Stream<Path> classFiles)
            throws IOException {
        Map<String, Set<String>> references = new TreeMap<>();
        for (Path file : (Iterable<Path>) classFiles::iterator) {
            try (InputStream in = Files.newInputStream(file)) {
                ClassReferences read = ClassReferences.read(new DataInputStream(in));
                references.put(read.name(), read.strings());
            }
        }
        return references;
    }

    /**
     * The class's own name and every UTF-8 constant of its constant pool (class names, descriptors,
     * signatures, annotation types), per the class file format (JVMS 4.4).
     */
    private record ClassReferences(String name, Set<String> strings) {

        static ClassReferences read(DataInputStream in) throws IOException {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();
            String name = utf8[classNameIndex[in.readUnsignedShort()]];
            Set<String> strings = new TreeSet<>();
            for (String value : utf8) {
                if (value != null) {
                    strings.add(value);
                }
            }
            return new ClassReferences(name, strings);
        }
    }
}
