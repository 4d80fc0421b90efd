package io.captchafleet.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Every YAML and JSON deployment file parses, and none holds a key. */
class DeployFilesTest {

    @Test
    void everyYamlAndJsonFileParses() {
        List<String> yaml = Repo.deployFiles(".yml", ".yaml", "docker-compose.yml");
        assertThat(yaml).contains("docker-compose.yml", "deploy/prometheus/alerts.yml", "deploy/k8s/statefulset.yaml");
        yaml.forEach(f -> assertThat(Repo.yamlDocuments(f)).as(f + " has documents").isNotEmpty()
                .allSatisfy(doc -> assertThat(doc).as(f).isInstanceOf(java.util.Map.class)));
        List<String> json = Repo.deployFiles(".json");
        assertThat(json).contains(MetricReferences.DASHBOARD);
        json.forEach(f -> assertThat(Repo.json(f).isObject()).as(f).isTrue());
    }

    @Test
    void noDeploymentFileSetsTheApiKeyItself() {
        for (String f : Repo.deployFiles(".yml", ".yaml", ".json", ".env", "Dockerfile", "docker-compose.yml")) {
            assertThat(Repo.read(f)).as(f).doesNotContainPattern("(?m)^\\s*-?\\s*\"?" + CliInvocation.API_KEY_VARIABLE + "\"?\\s*[:=]");
        }
    }
}
