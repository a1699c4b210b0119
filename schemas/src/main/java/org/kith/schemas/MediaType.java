package org.kith.schemas;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A media type as RFC 9110 (section 8.3.1) defines it: {@code type/subtype} followed by parameters,
 * each {@code ;name=value} (a token or a quoted string). Type, subtype and parameter names are
 * compared without case; nothing else counts, so {@code application/cloudevents+jsonx} and
 * {@code application/cloudevents+json-seq} are other media types than {@code application/cloudevents+json}.
 *
 * @param essence    {@code type/subtype}, lower case
 * @param parameters by lower-case name, values as sent (quotes removed)
 */
public record MediaType(String essence, Map<String, String> parameters) {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Pattern ESSENCE = Pattern.compile("(" + TOKEN + ")/(" + TOKEN + ")");
    private static final Pattern PARAMETER = Pattern.compile(
            "[ \\t]*;[ \\t]*(" + TOKEN + ")=(" + TOKEN + "|\"((?:[^\"\\\\]|\\\\.)*)\")");

    public MediaType {
        parameters = Map.copyOf(parameters);
    }

    /** The media type a {@code Content-Type} value names; empty if it is not one (or names a parameter twice). */
    public static Optional<MediaType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.strip();
        Matcher essence = ESSENCE.matcher(text);
        if (!essence.lookingAt()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int at = essence.end();
        Matcher parameter = PARAMETER.matcher(text);
        while (at < text.length()) {
            if (!parameter.find(at) || parameter.start() != at) {
                return Optional.empty();
            }
            String name = parameter.group(1).toLowerCase(Locale.ROOT);
            String quoted = parameter.group(3);
            String parameterValue = quoted == null ? parameter.group(2) : quoted.replaceAll("\\\\(.)", "$1");
            if (parameters.put(name, parameterValue) != null) {
                return Optional.empty();
            }
            at = parameter.end();
        }
        return Optional.of(new MediaType(essence.group(0).toLowerCase(Locale.ROOT), parameters));
    }

    /** Whether this is {@code essence} exactly ({@code type/subtype}, any case), whatever its parameters. */
    public boolean is(String essence) {
        return this.essence.equalsIgnoreCase(essence);
    }

    /** The {@code charset} parameter, if given. */
    public Optional<String> charset() {
        return Optional.ofNullable(parameters.get("charset"));
    }

    /** Whether it names no charset or UTF-8 (RFC 8259: JSON is UTF-8; a {@code charset} parameter may only say so). */
    public boolean utf8() {
        return charset().map(name -> name.equalsIgnoreCase("utf-8")).orElse(true);
    }
}
