package dev.seatlock.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seatlock.api.PartnerKeys;
import dev.seatlock.infrastructure.health.DatabaseReadiness;
import dev.seatlock.infrastructure.health.LockStoreReadiness;
import dev.seatlock.profile.ProductionSafeguards;
import dev.seatlock.profile.RuntimeProfile;
import dev.seatlock.profile.UnsafeConfigurationException;
import dev.seatlock.testing.MapConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Checks what can be checked of {@code deploy/} on a machine without a container engine or a
 * cluster: the Kubernetes files parse, their probes, port and environment match what the server and
 * the application really serve and read, and the Containerfile copies what the documented build
 * produces to Liberty's documented {@code /config} paths. It builds and starts nothing: whether the
 * image builds and the pods run is not known from this test (README "Containers and Kubernetes").
 *
 * <p>The facts come from the files themselves (pom.xml, server.xml, microprofile-config.properties,
 * WEB-INF/ibm-web-ext.xml), so a change to one of them that the deployment files do not follow
 * fails here.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path K8S = ROOT.resolve("deploy/k8s");
    private static final Path CONTAINERFILE = ROOT.resolve("deploy/Containerfile");

    /**
     * Where the official images keep the server's configuration: {@code /config} is the server's
     * {@code ${server.config.dir}} (ci.docker's README, "Building an Application Image", and its
     * Dockerfiles: {@code ln -s /opt/ol/wlp/usr/servers/defaultServer /config}).
     */
    private static final String CONFIG = "/config/";

    /**
     * The {@code /config} places an application image writes to in Liberty's documented template.
     */
    private static final Set<String> DOCUMENTED_DESTINATIONS =
            Set.of(
                    CONFIG,
                    CONFIG + "apps/",
                    CONFIG + "dropins/",
                    CONFIG + "configDropins/overrides/",
                    CONFIG + "configDropins/defaults/");

    /** The one variable the application reads that is not a key of its own (RedisConfiguration). */
    private static final String REDIS_URL = "REDIS_URL";

    private static Document pom;
    private static Element libertyPlugin;
    private static Document serverXml;
    private static Properties mpConfigDefaults;
    private static List<Map<String, Object>> k8sDocuments;
    private static List<Instruction> containerfile;

    @BeforeAll
    static void readTheFiles() throws Exception {
        pom = xml(ROOT.resolve("pom.xml"));
        libertyPlugin =
                children(pom.getDocumentElement(), "build", "plugins", "plugin").stream()
                        .filter(p -> "liberty-maven-plugin".equals(text(p, "artifactId")))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("pom.xml has no liberty-maven-plugin"));
        serverXml = xml(ROOT.resolve("server.xml"));
        mpConfigDefaults = new Properties();
        try (InputStream in =
                Files.newInputStream(
                        ROOT.resolve(
                                "src/main/resources/META-INF/microprofile-config.properties"))) {
            mpConfigDefaults.load(in);
        }
        k8sDocuments = readK8sDocuments();
        containerfile = Instruction.parse(Files.readString(CONTAINERFILE));
    }

    @Test
    void everyKubernetesFileParsesAsYamlWithAKindAndAName() {
        assertThat(k8sDocuments).as("documents under deploy/k8s").isNotEmpty();
        for (Map<String, Object> doc : k8sDocuments) {
            assertThat(doc)
                    .as("a Kubernetes object: %s", doc)
                    .containsKeys("apiVersion", "kind", "metadata");
            assertThat(map(doc, "metadata"))
                    .as("metadata of a %s", doc.get("kind"))
                    .containsKey("name");
        }
        assertThat(
                        k8sDocuments.stream()
                                .map(d -> (String) d.get("kind"))
                                .collect(Collectors.toSet()))
                .as("the kinds issue 13 asks for")
                .contains("Deployment", "Service", "ConfigMap", "Secret", "Ingress");
    }

    @Test
    void probesAskTheHealthEndpointsTheServerServes() throws Exception {
        Map<String, Object> container = container();
        assertThat(probePath(container, "readinessProbe"))
                .as("readiness probe")
                .isEqualTo("/health/ready");
        assertThat(probePath(container, "livenessProbe"))
                .as("liveness probe")
                .isEqualTo("/health/live");
        assertThat(probePath(container, "startupProbe"))
                .as("startup probe")
                .isEqualTo("/health/started");

        // /health/ready and /health/live come with any mpHealth; /health/started from MicroProfile
        // Health 3.1 on.
        String mpHealth =
                features().stream()
                        .filter(f -> f.startsWith("mphealth-"))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "server.xml enables no mpHealth feature: no /health/*"));
        assertThat(versionAtLeast(mpHealth.substring("mphealth-".length()), 3, 1))
                .as("%s serves /health/started (MicroProfile Health 3.1 or later)", mpHealth)
                .isTrue();

        // Readiness carries the Redis and database checks; liveness carries none, so outages never
        // restart pods.
        for (Class<?> check : List.of(LockStoreReadiness.class, DatabaseReadiness.class)) {
            assertThat(check.isAnnotationPresent(Readiness.class))
                    .as("%s is a readiness check", check)
                    .isTrue();
            assertThat(check.isAnnotationPresent(Liveness.class))
                    .as("%s is no liveness check", check)
                    .isFalse();
        }

        int port = containerPort(container);
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            Object probePort = map(map(container, probe), "httpGet").get("port");
            assertThat(resolvePort(container, probePort))
                    .as("%s port %s", probe, probePort)
                    .isEqualTo(port);
        }
    }

    @Test
    void theContainerPortIsTheServersHttpPort() {
        Element endpoint = (Element) serverXml.getElementsByTagName("httpEndpoint").item(0);
        assertThat(endpoint.getAttribute("httpPort"))
                .as("server.xml httpEndpoint")
                .isEqualTo("${http.port}");
        String httpPort =
                Optional.ofNullable(environment().get("HTTP_PORT"))
                        .orElse(serverVariables().get("http.port"));

        Map<String, Object> container = container();
        assertThat(containerPort(container))
                .as("the Deployment's container port; server.xml http.port (or HTTP_PORT)")
                .isEqualTo(Integer.parseInt(httpPort));

        Map<String, Object> service = only("Service");
        for (Object p : list(map(service, "spec"), "ports")) {
            @SuppressWarnings("unchecked")
            Object target = ((Map<String, Object>) p).get("targetPort");
            assertThat(resolvePort(container, target))
                    .as("Service targetPort %s", target)
                    .isEqualTo(containerPort(container));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> selector = (Map<String, Object>) map(service, "spec").get("selector");
        assertThat(map(map(map(map(only("Deployment"), "spec"), "template"), "metadata"), "labels"))
                .as("the pods carry the Service's selector")
                .containsAllEntriesOf(selector);
    }

    @Test
    void everyEnvironmentVariableIsOneTheApplicationOrTheServerReads() {
        Set<String> read = new LinkedHashSet<>();
        read.add(REDIS_URL);
        mpConfigDefaults.stringPropertyNames().forEach(key -> read.addAll(environmentNames(key)));
        serverVariables().keySet().forEach(name -> read.addAll(environmentNames(name)));

        Map<String, String> named = new LinkedHashMap<>(environment());
        containerfile.stream()
                .filter(i -> i.keyword().equals("RUN"))
                .forEach(
                        run ->
                                run.assignments()
                                        .forEach((k, v) -> named.put(k, "Containerfile RUN")));
        assertThat(named).as("environment variables named in deploy/").isNotEmpty();
        for (String name : named.keySet()) {
            assertThat(read)
                    .as(
                            "%s: a MicroProfile Config key of microprofile-config.properties spelled as an"
                                    + " environment variable, a server.xml variable, or REDIS_URL",
                            name)
                    .contains(name);
        }
    }

    @Test
    void manyReplicasShareOneRedisAndOneDatabase() {
        Object replicas = map(only("Deployment"), "spec").get("replicas");
        assertThat(replicas).as("replicas").isInstanceOf(Integer.class);
        assertThat((Integer) replicas).as("replicas").isGreaterThanOrEqualTo(2);

        Map<String, String> env = environment();
        assertThat(env)
                .as("the pods' environment")
                .containsKey(REDIS_URL)
                .containsEntry("SEATLOCK_REDIS_EMBEDDED", "never");
        String dbKind = env.get("DB_KIND");
        assertThat(dbKind)
                .as("DB_KIND: one shared database, not an embedded Derby per pod")
                .isNotNull()
                .isNotEqualTo("derby");
        assertThat(env)
                .as("the pods' environment")
                .containsKeys("DB_URL", "DB_USER", "DB_PASSWORD");
        assertThat(driverLocations())
                .as("a driver folder for DB_KIND %s", dbKind)
                .contains("jdbc/" + dbKind);
    }

    @Test
    void thePodsStartAsProductionWithKeysFromTheSecretAndANamedPaymentProvider() {
        Map<String, String> env = environment();
        assertThat(env.keySet())
                .as("no profile: the pods run as production (README \"Running in production\")")
                .doesNotContainAnyElementsOf(environmentNames(RuntimeProfile.PROPERTY));
        assertThat(env)
                .as("the pods' environment")
                .containsKeys("SEATLOCK_API_KEYS", "SEATLOCK_PAYMENT_PROVIDER");
        Map<String, Object> secret = only("Secret");
        assertThat(map(secret, "stringData"))
                .as("the partner keys come from the Secret, not the ConfigMap")
                .containsKey("SEATLOCK_API_KEYS");
        assertThat(map(only("ConfigMap"), "data")).doesNotContainKey("SEATLOCK_API_KEYS");
        assertThatThrownBy(
                        () ->
                                PartnerKeys.of(
                                        Optional.of(
                                                List.of(env.get("SEATLOCK_API_KEYS").split(","))),
                                        RuntimeProfile.PRODUCTION))
                .as("the example Secret's placeholder key, should it be applied by mistake")
                .isInstanceOf(UnsafeConfigurationException.class);
    }

    @Test
    void theImageBuildsStartPassesTheProductionChecks() {
        Map<String, String> run =
                containerfile.stream()
                        .filter(
                                i ->
                                        i.keyword().equals("RUN")
                                                && i.command().equals("configure.sh"))
                        .findFirst()
                        .orElseThrow()
                        .assignments();
        Map<String, String> config = new LinkedHashMap<>();
        config.put(PartnerKeys.PROPERTY, run.get("SEATLOCK_API_KEYS"));
        config.put(ProductionSafeguards.PAYMENT_PROVIDER, run.get("SEATLOCK_PAYMENT_PROVIDER"));
        config.put("seatlock.redis.embedded", run.get("SEATLOCK_REDIS_EMBEDDED"));
        assertThat(ProductionSafeguards.check(new MapConfig(config)))
                .as("configure.sh's start of the application: production, and it does not refuse")
                .anySatisfy(warning -> assertThat(warning).contains("simulated in production"));
    }

    @Test
    void theContainerfileCopiesWhatTheDocumentedBuildProduces() {
        String build = comments(read(CONTAINERFILE));
        assertThat(build)
                .as("the Containerfile names the build that produces its inputs")
                .contains("mvn -B -DskipTests package liberty:create");

        String war =
                "target/"
                        + text(children(pom.getDocumentElement(), "build").get(0), "finalName")
                        + "."
                        + text(pom.getDocumentElement(), "packaging");
        // liberty:create lays the server out under target/liberty/wlp (the plugin's default install
        // directory).
        String serverDir =
                "target/liberty/wlp/usr/servers/"
                        + text(libertyPlugin, "configuration", "serverName")
                        + "/";
        String serverXmlFile =
                text(libertyPlugin, "configuration", "serverXmlFile")
                        .replace("${project.basedir}/", "");
        String libraryDir = libraryDir();
        assertThat(libraryDir)
                .as("server.xml library fileset")
                .startsWith("${server.config.dir}/")
                .endsWith("/${db.kind}");
        String driversFolder =
                libraryDir.substring(
                        "${server.config.dir}/".length(),
                        libraryDir.length() - "${db.kind}".length());
        for (String location : driverLocations()) {
            assertThat(location + "/").as("a copyDependencies location").startsWith(driversFolder);
        }
        assertThat(driverLocations())
                .as("a driver folder for server.xml's default db.kind")
                .contains(driversFolder + serverVariables().get("db.kind"));

        Map<String, String> copies = copies();
        assertThat(copies)
                .as("COPY source -> destination")
                .containsOnlyKeys(
                        serverXmlFile,
                        serverDir + driversFolder,
                        war,
                        "deploy/liberty/seatlock-app.xml");
        assertThat(copies)
                .as("server.xml and the drivers go to /config")
                .containsEntry(serverXmlFile, CONFIG)
                .containsEntry(serverDir + driversFolder, CONFIG + driversFolder);
        for (String source : copies.keySet()) {
            if (!source.startsWith("target/")) {
                assertThat(ROOT.resolve(source)).as("COPY source in the repository").exists();
            }
        }
    }

    @Test
    void theContainerfileWritesOnlyToLibertysDocumentedPlaces() throws Exception {
        String drivers =
                libraryDir().replace("${server.config.dir}/", CONFIG).replace("${db.kind}", "");
        for (Map.Entry<String, String> copy : copies().entrySet()) {
            assertThat(
                            DOCUMENTED_DESTINATIONS.contains(copy.getValue())
                                    || copy.getValue().equals(drivers))
                    .as(
                            "COPY %s to %s: a documented /config place, or server.xml's driver folder %s",
                            copy.getKey(), copy.getValue(), drivers)
                    .isTrue();
        }

        // The application: in /config/apps and declared by the dropin, not in dropins/ and
        // server.xml at once.
        String war =
                copies().entrySet().stream()
                        .filter(c -> c.getKey().endsWith(".war"))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the Containerfile copies no WAR"));
        String warName = war.substring(war.lastIndexOf('/') + 1);
        assertThat(copies()).as("where the WAR goes").containsEntry(war, CONFIG + "apps/");
        Document app = xml(ROOT.resolve("deploy/liberty/seatlock-app.xml"));
        Element webApplication = (Element) app.getElementsByTagName("webApplication").item(0);
        assertThat(webApplication)
                .as("deploy/liberty/seatlock-app.xml declares a webApplication")
                .isNotNull();
        assertThat(webApplication.getAttribute("location").replace("${server.config.dir}/", CONFIG))
                .as("the webApplication location is where the WAR is copied")
                .isEqualTo(CONFIG + "apps/" + warName);
        assertThat(copies())
                .as("the dropin goes to configDropins/overrides")
                .containsEntry(
                        "deploy/liberty/seatlock-app.xml", CONFIG + "configDropins/overrides/");
        assertThat(
                        serverXml.getElementsByTagName("webApplication").getLength()
                                + serverXml.getElementsByTagName("application").getLength())
                .as("server.xml declares no application (the image's dropin does)")
                .isZero();

        // Its context root stays the WAR's own: "/" from WEB-INF/ibm-web-ext.xml.
        assertThat(webApplication.hasAttribute("contextRoot"))
                .as("the dropin sets no contextRoot")
                .isFalse();
        Document webExt = xml(ROOT.resolve("src/main/webapp/WEB-INF/ibm-web-ext.xml"));
        assertThat(
                        ((Element) webExt.getElementsByTagName("context-root").item(0))
                                .getAttribute("uri"))
                .as("WEB-INF/ibm-web-ext.xml context root")
                .isEqualTo("/");
    }

    @Test
    void theImageIsTheBuildsLibertyAndJavaAndRunsTheScriptsInOrder() {
        String liberty = property("liberty.runtime.version");
        String java = property("maven.compiler.release");
        List<Instruction> from =
                containerfile.stream().filter(i -> i.keyword().equals("FROM")).toList();
        assertThat(from).as("FROM").hasSize(1);
        assertThat(from.get(0).arguments())
                .as("the official kernel-slim image of the pom's Liberty and Java")
                .isEqualTo(
                        "icr.io/appcafe/open-liberty:"
                                + liberty
                                + "-kernel-slim-java"
                                + java
                                + "-openj9-ubi-minimal");

        List<String> steps =
                containerfile.stream()
                        .map(
                                i ->
                                        i.keyword().equals("COPY")
                                                ? "COPY " + i.sources().get(0)
                                                : i.keyword() + " " + i.command())
                        .toList();
        int serverXmlCopied = steps.indexOf("COPY server.xml");
        int features = steps.indexOf("RUN features.sh");
        int configure = steps.indexOf("RUN configure.sh");
        assertThat(serverXmlCopied).as("COPY server.xml, in %s", steps).isNotNegative();
        assertThat(features)
                .as(
                        "RUN features.sh after COPY server.xml (it installs server.xml's features), in %s",
                        steps)
                .isGreaterThan(serverXmlCopied);
        assertThat(configure)
                .as("RUN configure.sh last (it needs the whole configuration), in %s", steps)
                .isEqualTo(steps.size() - 1);
    }

    // --- Kubernetes
    // -----------------------------------------------------------------------------------

    private static List<Map<String, Object>> readK8sDocuments() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files =
                    walk.filter(
                                    p ->
                                            p.toString().endsWith(".yaml")
                                                    || p.toString().endsWith(".yml"))
                            .sorted()
                            .toList();
        }
        for (Path file : files) {
            try (Reader in = Files.newBufferedReader(file)) {
                for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                    assertThat(doc)
                            .as("a YAML document of %s", ROOT.relativize(file))
                            .isInstanceOf(Map.class);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) doc;
                    docs.add(object);
                }
            } catch (YAMLException e) {
                throw new AssertionError(
                        ROOT.relativize(file) + " is not valid YAML: " + e.getMessage(), e);
            }
        }
        return docs;
    }

    private static Map<String, Object> only(String kind) {
        List<Map<String, Object>> found =
                k8sDocuments.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(found).as("%s objects under deploy/k8s", kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> named(String kind, String name) {
        return k8sDocuments.stream()
                .filter(
                        d ->
                                kind.equals(d.get("kind"))
                                        && name.equals(map(d, "metadata").get("name")))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + kind + " " + name + " under deploy/k8s"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container() {
        List<Object> containers =
                list(map(map(map(only("Deployment"), "spec"), "template"), "spec"), "containers");
        assertThat(containers).as("containers of the Deployment").hasSize(1);
        return (Map<String, Object>) containers.get(0);
    }

    @SuppressWarnings("unchecked")
    private static int containerPort(Map<String, Object> container) {
        List<Object> ports = list(container, "ports");
        assertThat(ports).as("container ports").hasSize(1);
        return (Integer) ((Map<String, Object>) ports.get(0)).get("containerPort");
    }

    /**
     * A probe's or Service's port, a number or the name of a container port, as the container port
     * number.
     */
    @SuppressWarnings("unchecked")
    private static int resolvePort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return list(container, "ports").stream()
                .map(p -> (Map<String, Object>) p)
                .filter(p -> port.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    private static String probePath(Map<String, Object> container, String probe) {
        assertThat(container).as("the container").containsKey(probe);
        return (String) map(map(container, probe), "httpGet").get("path");
    }

    /**
     * The pods' environment: {@code env} entries and every key of the ConfigMaps and Secrets of
     * {@code envFrom}.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment() {
        Map<String, Object> container = container();
        Map<String, String> env = new LinkedHashMap<>();
        for (Object from :
                Optional.ofNullable((List<Object>) container.get("envFrom")).orElse(List.of())) {
            Map<String, Object> source = (Map<String, Object>) from;
            if (source.containsKey("configMapRef")) {
                Map<String, Object> configMap =
                        named("ConfigMap", (String) map(source, "configMapRef").get("name"));
                map(configMap, "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
            if (source.containsKey("secretRef")) {
                Map<String, Object> secret =
                        named("Secret", (String) map(source, "secretRef").get("name"));
                map(secret, "stringData").forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
        }
        for (Object e :
                Optional.ofNullable((List<Object>) container.get("env")).orElse(List.of())) {
            Map<String, Object> entry = (Map<String, Object>) e;
            env.put((String) entry.get("name"), String.valueOf(entry.get("value")));
        }
        return env;
    }

    /**
     * The environment variables that set a MicroProfile Config key or a Liberty server variable:
     * the name itself, non-alphanumerics as underscores, and that in upper case (MicroProfile
     * Config's environment source; Liberty's variable lookup since 19.0.0.3 searches the same
     * three).
     */
    static Set<String> environmentNames(String key) {
        String underscored = key.replaceAll("[^A-Za-z0-9]", "_");
        return Set.of(key, underscored, underscored.toUpperCase(Locale.ROOT));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("%s in %s", key, parent.keySet()).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("%s in %s", key, parent.keySet()).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    // --- pom.xml and server.xml
    // -----------------------------------------------------------------------

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** The elements at the end of a path of child names, e.g. build, plugins, plugin. */
    private static List<Element> children(Element from, String... path) {
        List<Element> level = List.of(from);
        for (String name : path) {
            List<Element> next = new ArrayList<>();
            for (Element e : level) {
                NodeList nodes = e.getChildNodes();
                for (int i = 0; i < nodes.getLength(); i++) {
                    Node n = nodes.item(i);
                    if (n instanceof Element child && child.getTagName().equals(name)) {
                        next.add(child);
                    }
                }
            }
            level = next;
        }
        return level;
    }

    private static String text(Element from, String... path) {
        List<Element> found = children(from, path);
        assertThat(found).as("%s under <%s>", String.join("/", path), from.getTagName()).hasSize(1);
        return found.get(0).getTextContent().trim();
    }

    private static String property(String name) {
        return text(pom.getDocumentElement(), "properties", name);
    }

    /**
     * The copyDependencies locations of the Liberty plugin's own configuration, e.g. jdbc/derby.
     */
    private static List<String> driverLocations() {
        return children(
                        libertyPlugin,
                        "configuration",
                        "copyDependencies",
                        "dependencyGroup",
                        "location")
                .stream()
                .map(e -> e.getTextContent().trim())
                .toList();
    }

    private static Set<String> features() {
        NodeList nodes = serverXml.getElementsByTagName("feature");
        Set<String> features = new LinkedHashSet<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            features.add(nodes.item(i).getTextContent().trim().toLowerCase(Locale.ROOT));
        }
        return features;
    }

    private static Map<String, String> serverVariables() {
        NodeList nodes = serverXml.getElementsByTagName("variable");
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element v = (Element) nodes.item(i);
            variables.put(v.getAttribute("name"), v.getAttribute("defaultValue"));
        }
        return variables;
    }

    private static String libraryDir() {
        Element fileset = (Element) serverXml.getElementsByTagName("fileset").item(0);
        assertThat(fileset).as("server.xml's JDBC library fileset").isNotNull();
        return fileset.getAttribute("dir");
    }

    private static boolean versionAtLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        int ma = Integer.parseInt(parts[0]);
        int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return ma > major || (ma == major && mi >= minor);
    }

    // --- The Containerfile
    // ----------------------------------------------------------------------------

    /**
     * COPY source (relative to the build context, the repository root) to destination, in file
     * order.
     */
    private static Map<String, String> copies() {
        Map<String, String> copies = new LinkedHashMap<>();
        for (Instruction copy :
                containerfile.stream().filter(i -> i.keyword().equals("COPY")).toList()) {
            assertThat(copy.sources()).as("sources of %s", copy).hasSize(1);
            copies.put(copy.sources().get(0), copy.destination());
        }
        return copies;
    }

    private static String comments(String file) {
        return file.lines()
                .filter(l -> l.startsWith("#"))
                .map(l -> l.substring(1).trim())
                .collect(Collectors.joining("\n"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** One instruction of a Containerfile: its keyword and the rest of its (joined) lines. */
    record Instruction(String keyword, String arguments) {

        private static final Pattern ASSIGNMENT =
                Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=('[^']*'|\"[^\"]*\"|\\S*)\\s+");

        static List<Instruction> parse(String file) {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : file.lines().toList()) {
                String trimmed = line.trim();
                if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                current.append(trimmed);
                String[] split = current.toString().trim().split("\\s+", 2);
                instructions.add(
                        new Instruction(
                                split[0].toUpperCase(Locale.ROOT),
                                split.length > 1 ? split[1] : ""));
                current.setLength(0);
            }
            return instructions;
        }

        private List<String> operands() {
            return Stream.of(arguments.split("\\s+")).filter(t -> !t.startsWith("--")).toList();
        }

        List<String> sources() {
            List<String> operands = operands();
            return operands.subList(0, operands.size() - 1);
        }

        String destination() {
            List<String> operands = operands();
            return operands.get(operands.size() - 1);
        }

        /** The {@code NAME=value} words a RUN sets for its command alone. */
        Map<String, String> assignments() {
            Map<String, String> assignments = new LinkedHashMap<>();
            String rest = arguments;
            Matcher m;
            while ((m = ASSIGNMENT.matcher(rest)).find()) {
                assignments.put(m.group(1), m.group(2));
                rest = rest.substring(m.end());
            }
            return assignments;
        }

        /** A RUN's command, without the assignments before it. */
        String command() {
            String rest = arguments;
            Matcher m;
            while ((m = ASSIGNMENT.matcher(rest)).find()) {
                rest = rest.substring(m.end());
            }
            return rest;
        }
    }
}
