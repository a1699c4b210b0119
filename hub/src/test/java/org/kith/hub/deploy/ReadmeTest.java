package org.kith.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kith.hub.KithCommand;
import org.kith.hub.config.HubOption;
import picocli.CommandLine;

/**
 * The README and every guide under {@code docs/} stay true: the settings table (in the operators'
 * guide, and only there) lists every setting and nothing else, every setting or environment variable a
 * page names exists, every {@code ./kith} command a page gives parses as the command line defines it,
 * every link between pages lands on a heading, and CI runs the test command the README gives.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of("..");
    /** The one page holding the settings table. */
    private static final Path SETTINGS_PAGE = Path.of("docs/operators.md");
    /** Environment variables the command line reads besides the settings. */
    private static final Set<String> COMMAND_LINE_ENV = Set.of("KITH_ADMIN_URL", "KITH_ADMIN_TOKEN", "KITH_JAVA_OPTS");

    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\| `(kith\\.[a-z0-9.]+)` \\| `(KITH_[A-Z0-9_]+)` \\|");
    private static final Pattern ENV_NAME = Pattern.compile("\\bKITH_[A-Z0-9_]*[A-Z0-9]\\b");
    private static final Pattern SETTING_IN_CODE = Pattern.compile("`(kith\\.[a-z0-9.]*[a-z0-9])[`=]");
    private static final Pattern SET_OPTION = Pattern.compile("--set (kith\\.[a-z0-9.]+)=");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

    /** The README and every page under {@code docs/}. */
    static List<Path> pages() {
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
            docs.filter(p -> p.toString().endsWith(".md")).sorted().map(ROOT::relativize).forEach(pages::add);
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path page) {
        try {
            return Files.readString(ROOT.resolve(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everySettingIsInTheSettingsTableAndTheTableInOnePlace() {
        String table = read(SETTINGS_PAGE);
        for (HubOption option : HubOption.values()) {
            assertTrue(table.contains("| `" + option.key() + "` | `" + option.env() + "` |"),
                    option.key() + " is missing from the settings table in " + SETTINGS_PAGE);
        }
        Set<String> keys = Arrays.stream(HubOption.values()).map(HubOption::key).collect(Collectors.toSet());
        Matcher row = TABLE_ROW.matcher(table);
        while (row.find()) {
            assertTrue(keys.contains(row.group(1)), SETTINGS_PAGE + " lists " + row.group(1) + ", which is no setting");
        }
        for (Path page : pages()) {
            if (!page.equals(SETTINGS_PAGE)) {
                assertTrue(!TABLE_ROW.matcher(read(page)).find(),
                        page + " has rows of a settings table: the table lives in " + SETTINGS_PAGE + " alone");
            }
        }
    }

    @Test
    void everySettingAPageNamesExists() {
        Set<String> keys = Arrays.stream(HubOption.values()).map(HubOption::key).collect(Collectors.toSet());
        Set<String> envs = Arrays.stream(HubOption.values()).map(HubOption::env).collect(Collectors.toSet());
        Set<String> wrong = new TreeSet<>();
        for (Path page : pages()) {
            String text = read(page);
            Matcher env = ENV_NAME.matcher(text);
            while (env.find()) {
                if (!envs.contains(env.group()) && !COMMAND_LINE_ENV.contains(env.group())) {
                    wrong.add(page + ": " + env.group());
                }
            }
            for (Pattern pattern : List.of(SETTING_IN_CODE, SET_OPTION)) {
                Matcher setting = pattern.matcher(text);
                while (setting.find()) {
                    String name = setting.group(1);
                    if (!keys.contains(name) && !isTopic(name)) {
                        wrong.add(page + ": " + name);
                    }
                }
            }
        }
        assertEquals(Set.of(), wrong, "settings named in the docs that the hub does not have (nor topics of the topics table)");
    }

    /** A {@code kith.*} name that is not a setting must be a topic of the operators' topics table. */
    private static boolean isTopic(String name) {
        String table = read(SETTINGS_PAGE);
        Matcher topic = Pattern.compile("(?m)^\\| `(kith\\.[a-z.]+)(\\.<[a-z]+>)?` \\|").matcher(table);
        while (topic.find()) {
            if (name.equals(topic.group(1)) || (topic.group(2) != null && name.startsWith(topic.group(1) + "."))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyCommandAPageGivesParses() {
        List<String> wrong = new ArrayList<>();
        int commands = 0;
        for (Path page : pages()) {
            for (List<String> args : kithCommands(read(page))) {
                commands++;
                try {
                    new CommandLine(new KithCommand()).parseArgs(args.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    wrong.add(page + ": ./kith " + String.join(" ", args) + ": " + e.getMessage());
                }
            }
        }
        assertTrue(commands > 30, "the docs give the kith commands (found " + commands + ")");
        assertEquals(List.of(), wrong, "commands in the docs that the kith command line refuses");
    }

    /**
     * The {@code ./kith} commands of a page's shell blocks, as arguments: continuation lines joined,
     * leading variable assignments, comments, redirections and pipes left out.
     */
    static List<List<String>> kithCommands(String page) {
        List<List<String>> commands = new ArrayList<>();
        boolean shell = false;
        StringBuilder line = new StringBuilder();
        for (String indented : page.split("\n", -1)) {
            String raw = indented.strip();
            if (raw.startsWith("```")) {
                shell = !shell && Set.of("```sh", "```bash", "```shell").contains(raw.strip());
                continue;
            }
            if (!shell) {
                continue;
            }
            if (raw.endsWith("\\")) {
                line.append(raw, 0, raw.length() - 1).append(' ');
                continue;
            }
            line.append(raw);
            List<String> words = words(line.toString());
            line.setLength(0);
            while (!words.isEmpty() && words.get(0).matches("[A-Z_]+=.*")) {
                words.remove(0);
            }
            if (!words.isEmpty() && words.get(0).equals("./kith")) {
                commands.add(words.subList(1, words.size()));
            }
        }
        return commands;
    }

    /** Shell words up to a comment, redirection, pipe or list operator; {@code <placeholder words>} are one. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"' || c == '<') {
                char close = c == '<' ? '>' : c;
                int end = line.indexOf(close, i + 1);
                if (end < 0) {
                    break;
                }
                word = word == null ? new StringBuilder() : word;
                word.append(c == '<' ? line.substring(i, end + 1) : line.substring(i + 1, end));
                i = end;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if ((c == '#' && word == null) || c == '>' || c == '|' || c == ';' || c == '&') {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void everyLinkBetweenPagesLandsOnAHeading() {
        List<String> wrong = new ArrayList<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(read(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path linked = file.isEmpty() ? page : ROOT.relativize(ROOT.resolve(page).resolveSibling(file).normalize());
                if (!Files.exists(ROOT.resolve(linked))) {
                    wrong.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(read(linked)).contains(target.substring(hash + 1))) {
                    wrong.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), wrong, "links in the docs that lead nowhere");
    }

    /** The anchors GitHub gives a page's headings (lower case, punctuation dropped, spaces as hyphens). */
    private static Set<String> anchors(String page) {
        Set<String> anchors = new TreeSet<>();
        boolean code = false;
        for (String line : page.split("\n")) {
            code ^= line.strip().startsWith("```");
            Matcher heading = HEADING.matcher(line);
            if (!code && heading.matches()) {
                anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    @Test
    void theReadmeKeepsTheCommandsAndLinksEveryGuide() {
        String readme = read(Path.of("README.md"));
        for (String command : List.of("\n./kith demo ", "\n./kith demo --once ", "\nmvn -B verify ", "\n./kith run ")) {
            assertTrue(readme.contains(command), "the README gives " + command.strip());
        }
        for (Path page : pages()) {
            if (page.startsWith("docs")) {
                assertTrue(readme.contains("](" + page.toString().replace('\\', '/') + ")"), "the README links " + page);
            }
        }
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        assertTrue(readme.contains("\nmvn -B verify "), "the README gives mvn -B verify as the test command");
        assertTrue(ci.lines().anyMatch(line -> line.strip().equals("mvn -B verify")), ".ci/run must run mvn -B verify");
    }
}
