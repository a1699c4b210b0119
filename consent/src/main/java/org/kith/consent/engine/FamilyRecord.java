package org.kith.consent.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.kith.consent.model.Directive;
import org.kith.consent.model.DirectiveState;
import org.kith.consent.model.EmergencyAccess;
import org.kith.consent.model.FamilyProfile;
import org.kith.consent.model.LegalAuthority;
import org.kith.consent.model.UnreadableDirective;

/**
 * Everything the engine holds about one family, immutable, with its directives compiled into a
 * {@link CompactFamily}: a decision reads one family's record and nothing of any other family. Changing it yields a new record (families are
 * small, so copying is cheaper than locking, and a decision always sees one consistent version).
 */
public final class FamilyRecord {

    /** The most people (the profile's members and anyone a directive names) the engine numbers in one family. */
    public static final int MAX_PEOPLE = CompactFamily.MAX_PEOPLE;

    private final FamilyProfile profile;
    private final List<Directive> directives;
    private final CompactFamily compact;
    private final List<LegalAuthority> authorities;
    private final List<EmergencyAccess> emergencies;
    private final List<UnreadableDirective> unreadable;

    private FamilyRecord(FamilyProfile profile, List<Directive> directives, List<LegalAuthority> authorities,
                         List<EmergencyAccess> emergencies, List<UnreadableDirective> unreadable) {
        this.profile = profile;
        this.directives = List.copyOf(directives);
        this.authorities = List.copyOf(authorities);
        this.emergencies = List.copyOf(emergencies);
        this.unreadable = List.copyOf(unreadable);
        this.compact = CompactFamily.of(profile, this.directives);
    }

    /** A family with no facts and nothing on file: every decision about it withholds what needs consent. */
    public static FamilyRecord empty(String familyId) {
        return new FamilyRecord(FamilyProfile.unknown(familyId), List.of(), List.of(), List.of(), List.of());
    }

    public static FamilyRecord of(FamilyProfile profile, List<Directive> directives) {
        directives.forEach(d -> requireFamily(profile.familyId(), d.familyId(), d.id()));
        return new FamilyRecord(profile, directives, List.of(), List.of(), List.of());
    }

    /**
     * A family's whole record at once, its directives compiled a single time. Building a record
     * one document at a time compiles the directives again at each step, which is quadratic in the
     * family's size: read a stored family with this instead.
     *
     * @throws IllegalArgumentException if a part belongs to another family, two directives share an
     *                                  id, or the family names more people than the engine numbers
     */
    public static FamilyRecord of(FamilyProfile profile, List<Directive> directives, List<LegalAuthority> authorities,
                                  List<EmergencyAccess> emergencies, List<UnreadableDirective> unreadable) {
        String familyId = profile.familyId();
        Set<String> ids = new HashSet<>();
        for (Directive d : directives) {
            requireFamily(familyId, d.familyId(), d.id());
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("two directives with id " + d.id());
            }
        }
        authorities.forEach(a -> requireFamily(familyId, a.familyId(), a.id()));
        emergencies.forEach(e -> requireFamily(familyId, e.familyId(), e.id()));
        unreadable.forEach(u -> requireFamily(familyId, u.familyId(), u.id()));
        return new FamilyRecord(profile, directives, authorities, emergencies,
                unreadable.stream().filter(u -> !ids.contains(u.id())).toList());
    }

    public String familyId() {
        return profile.familyId();
    }

    public FamilyProfile profile() {
        return profile;
    }

    public List<Directive> directives() {
        return directives;
    }

    public Optional<Directive> directive(String id) {
        return directives.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    public List<LegalAuthority> authorities() {
        return authorities;
    }

    public List<EmergencyAccess> emergencies() {
        return emergencies;
    }

    public List<UnreadableDirective> unreadable() {
        return unreadable;
    }

    /** The directives compiled for the decision path. */
    CompactFamily compact() {
        return compact;
    }

    public FamilyRecord withProfile(FamilyProfile newProfile) {
        requireFamily(familyId(), newProfile.familyId(), "profile");
        return new FamilyRecord(newProfile, directives, authorities, emergencies, unreadable);
    }

    /**
     * This record with {@code directive} recorded: new, replacing an active version (an amendment),
     * or moving it along its lifecycle; anything the transition table forbids throws. Recording a
     * directive clears an unreadable record of the same id.
     */
    public FamilyRecord withDirective(Directive directive) {
        requireFamily(familyId(), directive.familyId(), directive.id());
        Optional<Directive> existing = directive(directive.id());
        if (existing.isPresent() && !existing.get().equals(directive)) {
            DirectiveState from = existing.get().status().state();
            DirectiveState to = directive.status().state();
            if (!(from == DirectiveState.ACTIVE && to == DirectiveState.ACTIVE)) {
                DirectiveState.Transition.between(directive.id(), from, to);
            }
        }
        List<Directive> next = new ArrayList<>(directives.size() + 1);
        directives.stream().filter(d -> !d.id().equals(directive.id())).forEach(next::add);
        next.add(directive);
        return new FamilyRecord(profile, next, authorities, emergencies,
                without(unreadable, u -> u.id().equals(directive.id())));
    }

    public FamilyRecord withAuthority(LegalAuthority authority) {
        requireFamily(familyId(), authority.familyId(), authority.id());
        return new FamilyRecord(profile, directives, replace(authorities, authority, o -> o.id().equals(authority.id())),
                emergencies, unreadable);
    }

    public FamilyRecord withEmergency(EmergencyAccess emergency) {
        requireFamily(familyId(), emergency.familyId(), emergency.id());
        return new FamilyRecord(profile, directives, authorities,
                replace(emergencies, emergency, e -> e.id().equals(emergency.id())), unreadable);
    }

    public FamilyRecord withUnreadable(UnreadableDirective record) {
        requireFamily(familyId(), record.familyId(), record.id());
        return new FamilyRecord(profile, directives, authorities, emergencies,
                replace(unreadable, record, u -> u.id().equals(record.id())));
    }

    private static <T> List<T> without(List<T> list, Predicate<T> drop) {
        return list.stream().filter(drop.negate()).toList();
    }

    private static <T> List<T> replace(List<T> list, T item, Predicate<T> same) {
        List<T> next = new ArrayList<>(without(list, same));
        next.add(item);
        return next;
    }

    private static void requireFamily(String expected, String actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new IllegalArgumentException(what + " belongs to another family than " + expected);
        }
    }
}
