package io.captchafleet.cli.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * deploy/k8s as {@code kubectl kustomize} would assemble it: the objects of every listed resource
 * file, found by kind and name, and each container's {@code captcha-fleet} command line with the
 * environment it would get (its {@code env}, and the ConfigMaps its {@code envFrom} names).
 */
final class Kustomization {
    static final String DIR = "deploy/k8s/";
    static final String FILE = DIR + "kustomization.yaml";

    final Map<String, Object> kustomization = Repo.yaml(FILE);
    /** Every object, with the file it came from. */
    final Map<Object, String> objects = new LinkedHashMap<>();

    Kustomization() {
        for (Object resource : Y.list(kustomization, "resources", FILE)) {
            String file = DIR + resource;
            Repo.yamlDocuments(file).forEach(doc -> objects.put(doc, file));
        }
    }

    List<String> resources() {
        return Y.list(kustomization, "resources", FILE).stream().map(String::valueOf).toList();
    }

    Optional<Object> find(String kind, String name) {
        return objects.keySet().stream().filter(o -> kind.equals(Y.stringOrNull(o, "kind")) && name.equals(Y.stringOrNull(o, "metadata.name")))
                .findFirst();
    }

    Object get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(DIR + ": no " + kind + " named " + name + " in the kustomization"));
    }

    List<Object> ofKind(String kind) {
        return objects.keySet().stream().filter(o -> kind.equals(Y.stringOrNull(o, "kind"))).toList();
    }

    /** The one object of a kind. */
    Object only(String kind) {
        List<Object> all = ofKind(kind);
        if (all.size() != 1) {
            throw new AssertionError(DIR + ": expected one " + kind + ", found " + all.size());
        }
        return all.get(0);
    }

    String where(Object object) {
        return objects.get(object) + " " + Y.stringOrNull(object, "kind") + "/" + Y.stringOrNull(object, "metadata.name");
    }

    /** The first container of a pod template owner (StatefulSet, Job). */
    Object container(Object owner) {
        return Y.list(owner, "spec.template.spec.containers", where(owner)).get(0);
    }

    /**
     * The environment a container gets. Values from the downward API or a Secret are not known here:
     * they stand as {@code <fieldPath>} or {@code <secret>}.
     */
    Map<String, String> environment(Object owner) {
        Object container = container(owner);
        Map<String, String> env = new LinkedHashMap<>();
        for (Object from : Y.listOrEmpty(container, "envFrom", where(owner))) {
            String name = Y.string(from, "configMapRef.name", where(owner) + " envFrom");
            Y.mapOrEmpty(get("ConfigMap", name), "data", "ConfigMap " + name).forEach((k, v) -> env.put(k, String.valueOf(v)));
        }
        for (Object var : Y.listOrEmpty(container, "env", where(owner))) {
            String name = Y.string(var, "name", where(owner) + " env");
            String value = Y.stringOrNull(var, "value");
            if (value == null) {
                String field = Y.stringOrNull(var, "valueFrom.fieldRef.fieldPath");
                value = field != null ? "<" + field + ">" : "<secret>";
            }
            env.put(name, value);
        }
        return env;
    }

    CliInvocation invocation(Object owner) {
        Object container = container(owner);
        List<String> args = new ArrayList<>();
        Y.listOrEmpty(container, "command", where(owner)).forEach(a -> args.add(String.valueOf(a)));
        if (!args.isEmpty()) {
            throw new AssertionError(where(owner) + ": sets command, replacing the image's captcha-fleet entry point; set args");
        }
        Y.listOrEmpty(container, "args", where(owner)).forEach(a -> args.add(String.valueOf(a)));
        return new CliInvocation(where(owner), args, environment(owner));
    }

    /** A container port by name or number, as a probe or monitor names it. */
    int containerPort(Object owner, String portNameOrNumber) {
        if (portNameOrNumber.matches("[0-9]+")) {
            return Integer.parseInt(portNameOrNumber);
        }
        for (Object port : Y.listOrEmpty(container(owner), "ports", where(owner))) {
            if (portNameOrNumber.equals(Y.stringOrNull(port, "name"))) {
                return (int) Y.number(port, "containerPort", where(owner));
            }
        }
        throw new AssertionError(where(owner) + ": no container port named " + portNameOrNumber);
    }
}
