package io.captchafleet.cli.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml as Compose would see it with a given set of variables: anchors and merge keys
 * resolved (SnakeYAML), then {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR-default}}
 * interpolated in every string, as {@code docker compose config} does.
 */
final class Compose {
    static final String FILE = "docker-compose.yml";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    final Map<String, Object> model;

    private Compose(Map<String, Object> model) {
        this.model = model;
    }

    /** The compose file with these variables set (as from the shell or an {@code --env-file}). */
    @SuppressWarnings("unchecked")
    static Compose load(Map<String, String> variables) {
        return new Compose((Map<String, Object>) interpolate(Repo.yaml(FILE), variables));
    }

    /** Variables of an env file: {@code NAME=value} lines, comments and blank lines skipped. */
    static Map<String, String> envFile(String relative) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Repo.meaningfulLines(relative)) {
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new AssertionError(relative + ": not NAME=value: " + line);
            }
            vars.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return vars;
    }

    static String interpolate(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(4) != null) {
                replacement = variables.getOrDefault(m.group(4), "");
            } else {
                String value = variables.get(m.group(1));
                boolean useDefault = m.group(2) != null && (value == null || (m.group(2).equals(":-") && value.isEmpty()));
                replacement = useDefault ? m.group(3) : value == null ? "" : value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object interpolate(Object node, Map<String, String> variables) {
        if (node instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<?, ?>) node).forEach((k, v) -> copy.put(String.valueOf(k), interpolate(v, variables)));
            return copy;
        }
        if (node instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<?>) node).forEach(v -> copy.add(interpolate(v, variables)));
            return copy;
        }
        return node instanceof String ? interpolate((String) node, variables) : node;
    }

    Map<String, Object> services() {
        return Y.map(model, "services", FILE);
    }

    Map<String, Object> service(String name) {
        return Y.map(services(), name, FILE + " services");
    }

    static String where(String service) {
        return FILE + " services." + service;
    }

    /** A service's environment as a map, from either the mapping or the list form. */
    Map<String, String> environment(String service) {
        Object env = Y.find(service(service), "environment");
        Map<String, String> vars = new LinkedHashMap<>();
        if (env instanceof Map) {
            ((Map<?, ?>) env).forEach((k, v) -> vars.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List) {
            for (Object entry : (List<?>) env) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                vars.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return vars;
    }

    /** A service's command as a list (the string form split at spaces, as Compose does). */
    List<String> command(String service) {
        Object command = Y.find(service(service), "command");
        List<String> args = new ArrayList<>();
        if (command instanceof List) {
            ((List<?>) command).forEach(a -> args.add(String.valueOf(a)));
        } else if (command != null) {
            args.addAll(List.of(String.valueOf(command).trim().split("\\s+")));
        }
        return args;
    }

    /** The captcha-fleet command line a service runs (the image's entry point is {@code captcha-fleet}). */
    CliInvocation invocation(String service) {
        return new CliInvocation(where(service), command(service), environment(service));
    }

    /** The services that run the captcha-fleet image. */
    List<String> captchaFleetServices(String image) {
        List<String> names = new ArrayList<>();
        services().forEach((name, s) -> {
            if (image.equals(Y.stringOrNull(s, "image"))) {
                names.add(name);
            }
        });
        return names;
    }

    /** Bind mounts of a service: host path (relative to the repository) to container path. */
    Map<String, String> bindMounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : Y.listOrEmpty(service(service), "volumes", where(service))) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts[0].startsWith("./") || parts[0].startsWith("../") || parts[0].startsWith("/")) {
                mounts.put(parts[0].replaceFirst("^\\./", ""), parts[1]);
            }
        }
        return mounts;
    }
}
