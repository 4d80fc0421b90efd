package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * What building needs: a JDK 17 and the Maven wrapper, which pins one Maven version; the enforcer says
 * so when the Java or Maven is too old; the README's first screen and CI use the wrapper.
 */
class BuildToolsTest {
    static final String WRAPPER_PROPERTIES = ".mvn/wrapper/maven-wrapper.properties";
    private static final Pattern DISTRIBUTION = Pattern.compile(".*/org/apache/maven/apache-maven/([0-9]+)\\.([0-9]+)\\.([0-9]+)/"
            + "apache-maven-\\1\\.\\2\\.\\3-bin\\.zip");

    @Test
    void theReadmesFirstScreenBuildsAndTestsWithTheWrapperAndCiRunsTheSameTestCommand() {
        String readme = Repo.read("README.md");
        int block = readme.indexOf("```bash\n");
        assertThat(block).as("README.md has a bash block").isPositive();
        List<String> commands = readme.substring(block + 8, readme.indexOf("```", block + 8)).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(commands).containsExactly("./mvnw -B -q -DskipTests package && ./captcha-fleet local examples/tasks.jsonl",
                "./mvnw -B verify");
        assertThat(Repo.meaningfulLines(".ci/run")).contains("./mvnw -B verify").noneMatch(l -> l.matches("(.*\\s)?mvn\\s.*"));
        assertThat(Repo.read("captcha-fleet")).contains("./mvnw -B -q -DskipTests package");
    }

    @Test
    void theWrapperPinsOneMavenVersionOfAtLeast38() throws IOException {
        Properties wrapper = new Properties();
        wrapper.load(new StringReader(Repo.read(WRAPPER_PROPERTIES)));
        Matcher version = DISTRIBUTION.matcher(wrapper.getProperty("distributionUrl", ""));
        assertThat(version.matches()).as(WRAPPER_PROPERTIES + " distributionUrl names one Maven release: " + wrapper).isTrue();
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        assertThat(major * 1000 + minor).as("Maven %s.%s", major, minor).isGreaterThanOrEqualTo(3008);
        assertThat(Files.isExecutable(Repo.path("mvnw"))).as("mvnw is executable").isTrue();
        assertThat(Repo.path("mvnw.cmd")).isRegularFile();
        assertThat(Git.ignores(WRAPPER_PROPERTIES)).isFalse();
    }

    @Test
    void onlyTheWrappersPropertiesSayWhereMavenIsDownloadedFrom() throws IOException {
        Properties wrapper = new Properties();
        wrapper.load(new StringReader(Repo.read(WRAPPER_PROPERTIES)));
        String host = URI.create(wrapper.getProperty("distributionUrl")).getHost();
        List<String> naming = new ArrayList<>();
        for (String file : Git.trackedFiles()) {
            if (!file.equals(WRAPPER_PROPERTIES) && Files.isRegularFile(Repo.path(file))
                    && new String(Files.readAllBytes(Repo.path(file)), StandardCharsets.ISO_8859_1).contains(host)) {
                naming.add(file);
            }
        }
        assertThat(Git.trackedFiles()).contains(WRAPPER_PROPERTIES, "mvnw");
        assertThat(naming).as("files naming " + host).isEmpty();
    }

    @Test
    void theEnforcerRequiresJava17AndMaven38ForEveryModule() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(Repo.read("pom.xml"))));
        Element build = child(pom.getDocumentElement(), "build");
        Element enforcer = null;
        NodeList plugins = child(build, "plugins").getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (text(plugin, "artifactId").equals("maven-enforcer-plugin")) {
                enforcer = plugin;
            }
        }
        assertThat(enforcer).as("pom.xml <build><plugins> runs maven-enforcer-plugin (not only in pluginManagement)").isNotNull();
        Element execution = (Element) enforcer.getElementsByTagName("execution").item(0);
        assertThat(text((Element) execution.getElementsByTagName("goals").item(0), "goal")).isEqualTo("enforce");
        Element rules = (Element) execution.getElementsByTagName("rules").item(0);
        assertThat(text(child(rules, "requireJavaVersion"), "version")).isEqualTo("[17,)");
        assertThat(text(child(rules, "requireMavenVersion"), "version")).isEqualTo("[3.8,)");
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("pom.xml: no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().strip();
    }
}
