package org.kith.consent.engine;

import java.util.List;

/**
 * Every id a decision rests on, by kind: as Cedar returns the policies that caused an answer.
 * Authorities are recorded legal authorities (court orders...), statute rules and emergencies.
 */
public record Bases(List<String> directives, List<String> authorities, List<String> agreements, List<String> rules) {
    public Bases {
        directives = List.copyOf(directives);
        authorities = List.copyOf(authorities);
        agreements = List.copyOf(agreements);
        rules = List.copyOf(rules);
    }

    public static final Bases NONE = new Bases(List.of(), List.of(), List.of(), List.of());
}
