package org.kith.consent.jurisdiction;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.kith.consent.model.EmergencyAccess;
import org.kith.consent.model.Period;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;

/**
 * The rules of one jurisdiction, immutable, built by a validating {@link Builder} whose errors name
 * the bad value (Resilience4j's config builders are the model). Its id and version are part of the
 * policy version every decision carries, and the version stands for all of its settings (ages,
 * statute rules, emergency limit, Part 2 programs): a changed setting calls for a new version.
 */
public final class Jurisdiction {

    private final String id;
    private final String version;
    private final ZoneId zone;
    private final int ageOfMajority;
    private final Map<Category, MinorConsentRule> minorConsent;
    private final List<StatuteRule> statutes;
    private final Duration emergencyMaxDuration;
    private final Set<PartnerKind> part2Programs;

    private Jurisdiction(Builder b) {
        this.id = b.id;
        this.version = b.version;
        this.zone = b.zone;
        this.ageOfMajority = b.ageOfMajority;
        this.minorConsent = Collections.unmodifiableMap(new EnumMap<>(b.minorConsent));
        this.statutes = List.copyOf(b.statutes);
        this.emergencyMaxDuration = b.emergencyMaxDuration;
        this.part2Programs = Collections.unmodifiableSet(EnumSet.copyOf(b.part2Programs));
    }

    public static Builder builder(String id, String version) {
        return new Builder(id, version);
    }

    /**
     * A representative US state configuration: majority at 18; a minor of 12 may consent alone to
     * substance-use treatment (so only they may release those records), 14 to outpatient mental
     * health (alongside the parent), 12 to reproductive health and HIV care (alone); the FERPA
     * exception; mandated reports; break-glass for at most 72 hours; substance use treatment
     * programs are 42 CFR Part 2 programs.
     */
    public static Jurisdiction example() {
        return builder("us-example", "2026.2")
                .minorConsent(Category.SUBSTANCE_USE, 12, true)
                .minorConsent(Category.BEHAVIORAL_HEALTH, 14, false)
                .minorConsent(Category.REPRODUCTIVE_HEALTH, 12, true)
                .minorConsent(Category.HIV, 12, true)
                .statute(StatuteRule.ferpaChildWelfareException())
                .statute(StatuteRule.mandatedReport(MessageType.MANDATED_REPORT))
                .part2Programs(EnumSet.of(PartnerKind.SUBSTANCE_USE_TREATMENT))
                .build();
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    public ZoneId zone() {
        return zone;
    }

    public int ageOfMajority() {
        return ageOfMajority;
    }

    public Optional<MinorConsentRule> minorConsent(Category category) {
        return Optional.ofNullable(minorConsent.get(category));
    }

    /** As {@link #minorConsent} without the Optional, for the decision path. */
    MinorConsentRule minorConsentOrNull(Category category) {
        return minorConsent.get(category);
    }

    public List<StatuteRule> statutes() {
        return statutes;
    }

    public Duration emergencyMaxDuration() {
        return emergencyMaxDuration;
    }

    /**
     * The kinds of partner that are federally assisted substance use disorder programs (42 CFR 2.11):
     * whatever such a partner sends identifies a person as having applied for or received its
     * services, so all of it is Part 2 information, whatever its fields' categories.
     */
    public Set<PartnerKind> part2Programs() {
        return part2Programs;
    }

    /** Whether a partner of this kind is a Part 2 program: once per decision, a bit test. */
    public boolean isPart2Program(PartnerKind kind) {
        return part2Programs.contains(kind);
    }

    /**
     * This jurisdiction with {@code rules} as its statute rules in place of its own: a deployment
     * keeps its statute rules as configuration data, the ages and limits stay with the jurisdiction.
     */
    public Jurisdiction withStatutes(List<StatuteRule> rules) {
        Builder b = new Builder(id, version).zone(zone).ageOfMajority(ageOfMajority)
                .emergencyMaxDuration(emergencyMaxDuration).part2Programs(part2Programs);
        minorConsent.values().forEach(r -> b.minorConsent(r.category(), r.age(), r.exclusive()));
        rules.forEach(b::statute);
        return b.build();
    }

    /** Throws unless the emergency ends within {@link #emergencyMaxDuration()} of its start. */
    public void requireWithinEmergencyLimit(EmergencyAccess emergency) {
        Period period = emergency.scope().period();
        Duration length = Duration.between(period.from(), period.to().orElseThrow());
        if (length.compareTo(emergencyMaxDuration) > 0) {
            throw new IllegalArgumentException("emergency " + emergency.id() + " lasts " + length
                    + ", longer than the allowed " + emergencyMaxDuration);
        }
    }

    /** Collects a jurisdiction's rules; {@link #build()} checks them together. */
    public static final class Builder {
        private final String id;
        private final String version;
        private ZoneId zone = ZoneId.of("UTC");
        private int ageOfMajority = 18;
        private final Map<Category, MinorConsentRule> minorConsent = new EnumMap<>(Category.class);
        private final List<StatuteRule> statutes = new ArrayList<>();
        private Duration emergencyMaxDuration = Duration.ofHours(72);
        private Set<PartnerKind> part2Programs = EnumSet.of(PartnerKind.SUBSTANCE_USE_TREATMENT);
        private boolean part2ProgramsGiven;

        private Builder(String id, String version) {
            this.id = Objects.requireNonNull(id, "jurisdiction id");
            this.version = Objects.requireNonNull(version, "jurisdiction version");
        }

        /** The zone whose calendar decides birthdays (a minor becomes an adult on a local date). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Builder ageOfMajority(int age) {
            if (age < 16 || age > 21) {
                throw new IllegalArgumentException("age of majority out of range [16, 21]: " + age);
            }
            this.ageOfMajority = age;
            return this;
        }

        public Builder minorConsent(Category category, int age, boolean exclusive) {
            if (minorConsent.containsKey(category)) {
                throw new IllegalArgumentException("minor consent age for " + category.code() + " given twice");
            }
            minorConsent.put(category, new MinorConsentRule(category, age, exclusive));
            return this;
        }

        public Builder statute(StatuteRule rule) {
            if (statutes.stream().anyMatch(s -> s.id().equals(rule.id()))) {
                throw new IllegalArgumentException("statute rule " + rule.id() + " given twice");
            }
            statutes.add(rule);
            return this;
        }

        public Builder emergencyMaxDuration(Duration max) {
            if (max.isNegative() || max.isZero() || max.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("emergency max duration out of range (0, 7 days]: " + max);
            }
            this.emergencyMaxDuration = max;
            return this;
        }

        /**
         * The kinds of partner that are Part 2 programs, in place of the default (substance use
         * treatment alone). Substance use treatment must be among them: such a program is a Part 2
         * program by definition, and leaving it out would disclose its patients' records as if they
         * were not. Add a kind whose members hold themselves out as providing substance use disorder
         * diagnosis, treatment or referral (an identified unit of a hospital, say).
         */
        public Builder part2Programs(Set<PartnerKind> kinds) {
            Objects.requireNonNull(kinds, "part 2 program kinds");
            if (part2ProgramsGiven) {
                throw new IllegalArgumentException("part 2 program kinds given twice");
            }
            EnumSet<PartnerKind> copy = EnumSet.noneOf(PartnerKind.class);
            for (PartnerKind kind : kinds) {
                if (kind == null) {
                    throw new IllegalArgumentException("part 2 program kinds contain null: " + codes(kinds));
                }
                copy.add(kind);
            }
            if (!copy.contains(PartnerKind.SUBSTANCE_USE_TREATMENT)) {
                throw new IllegalArgumentException("part 2 program kinds " + codes(kinds) + " leave out "
                        + PartnerKind.SUBSTANCE_USE_TREATMENT.code() + ", which is a Part 2 program by definition");
            }
            this.part2Programs = copy;
            this.part2ProgramsGiven = true;
            return this;
        }

        private static String codes(Set<PartnerKind> kinds) {
            return kinds.stream().map(k -> k == null ? "null" : k.code()).collect(Collectors.joining(", ", "[", "]"));
        }

        public Jurisdiction build() {
            if (id.isBlank() || version.isBlank()) {
                throw new IllegalArgumentException("jurisdiction id and version must not be blank");
            }
            for (MinorConsentRule rule : minorConsent.values()) {
                if (rule.age() >= ageOfMajority) {
                    throw new IllegalArgumentException("minor consent age for " + rule.category().code() + " ("
                            + rule.age() + ") is not below the age of majority (" + ageOfMajority + ")");
                }
            }
            return new Jurisdiction(this);
        }
    }
}
