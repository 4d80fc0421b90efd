package io.captchafleet.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario ran with and measured. Filled in by the scenario on the bench thread, then only read.
 */
final class ScenarioResult {
    private final String name;
    private final String title;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<Goal> goals = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String error;
    private String measures;

    ScenarioResult(String name, String title) {
        this.name = name;
        this.title = title;
    }

    ScenarioResult parameter(String key, Object value) {
        parameters.put(key, value);
        return this;
    }

    ScenarioResult figure(String key, Object value) {
        figures.put(key, value instanceof Double d ? Math.round(d * 1000) / 1000.0 : value);
        return this;
    }

    ScenarioResult goal(Goal g) {
        goals.add(g);
        return this;
    }

    /** What the scenario measures, in plain words. */
    ScenarioResult measures(String text) {
        measures = text;
        return this;
    }

    ScenarioResult note(String text) {
        notes.add(text);
        return this;
    }

    void failed(String message) {
        this.error = message;
    }

    String name() {
        return name;
    }

    String title() {
        return title;
    }

    Map<String, Object> parameters() {
        return parameters;
    }

    Map<String, Object> figures() {
        return figures;
    }

    List<Goal> goals() {
        return goals;
    }

    List<String> notes() {
        return notes;
    }

    String error() {
        return error;
    }

    String measures() {
        return measures;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("title", title);
        m.put("measures", measures);
        m.put("parameters", parameters);
        m.put("figures", figures);
        List<Map<String, Object>> g = new ArrayList<>();
        for (Goal goal : goals) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", goal.name());
            one.put("target", goal.target());
            one.put("measured", goal.measured());
            one.put("met", goal.met());
            g.add(one);
        }
        m.put("goals", g);
        m.put("notes", notes);
        if (error != null) {
            m.put("error", error);
        }
        return m;
    }
}
