package org.kith.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a refusal repeats what was submitted, for fuzz targets. A word of the input that appears
 * in the refusal may be the refusal's own vocabulary (a column the layout names, a rule); so the
 * input is submitted again with that word replaced by a canary of the same shape (letters to
 * {@code q}, digits to {@code 7}), and only if the canary comes back is it an echo.
 *
 * <p>Shared by the fuzz targets of every module (this module's test jar).
 */
public final class Echoes {

    /** Words of four characters or more: shorter ones are too common to tell apart. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_\\-.:@+]{3,}");
    /** The most words tried again per input, longest first, to keep a target fast. */
    private static final int MAX_TRIED = 4;

    /** Submits an input again and returns its refusals' text. */
    @FunctionalInterface
    public interface Submission {
        String refusals(byte[] input) throws Exception;
    }

    private Echoes() {
    }

    /** A word of {@code input} that {@code refusals} repeats, checked by {@code submission}; empty if none. */
    public static Optional<String> find(byte[] input, String refusals, Submission submission) throws Exception {
        if (refusals.isEmpty()) {
            return Optional.empty();
        }
        String text = new String(input, StandardCharsets.UTF_8);
        Matcher words = WORD.matcher(text);
        var suspects = words.results().map(m -> trim(m.group())).filter(w -> w.length() >= 4 && refusals.contains(w))
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).limit(MAX_TRIED).toList();
        for (String suspect : suspects) {
            String canary = canary(suspect);
            if (canary.equals(suspect) || text.contains(canary)) {
                continue;
            }
            if (submission.refusals(replace(input, suspect, canary)).contains(canary)) {
                return Optional.of(suspect);
            }
        }
        return Optional.empty();
    }

    private static String trim(String word) {
        int end = word.length();
        while (end > 0 && "_-.:@+".indexOf(word.charAt(end - 1)) >= 0) {
            end--;
        }
        return word.substring(0, end);
    }

    private static String canary(String word) {
        StringBuilder canary = new StringBuilder(word.length());
        word.codePoints().forEach(c -> canary.appendCodePoint(Character.isDigit(c) ? '7'
                : Character.isUpperCase(c) ? 'Q' : Character.isLetter(c) ? 'q' : c));
        return canary.toString();
    }

    /** {@code input} with every occurrence of {@code word}'s bytes replaced by {@code by}'s; other bytes untouched. */
    private static byte[] replace(byte[] input, String word, String by) {
        byte[] find = word.getBytes(StandardCharsets.UTF_8);
        byte[] with = by.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length);
        int i = 0;
        while (i < input.length) {
            if (matches(input, i, find)) {
                out.writeBytes(with);
                i += find.length;
            } else {
                out.write(input[i++]);
            }
        }
        return out.toByteArray();
    }

    private static boolean matches(byte[] input, int at, byte[] find) {
        if (at + find.length > input.length) {
            return false;
        }
        for (int j = 0; j < find.length; j++) {
            if (input[at + j] != find[j]) {
                return false;
            }
        }
        return true;
    }
}
