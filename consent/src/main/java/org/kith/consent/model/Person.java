package org.kith.consent.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The facts about one family member that grantor authority turns on: age (from the birth date) and
 * who holds legal authority to consent for them (parents whose rights stand, guardians,
 * court-appointed representatives). Without a birth date nobody's authority can be established,
 * so no directive about this person binds: fail closed.
 */
public record Person(String personId, Optional<LocalDate> birthDate, Set<String> consentingForThem) {

    public Person {
        Ids.require(personId, "person id");
        Objects.requireNonNull(birthDate, "birth date");
        Objects.requireNonNull(consentingForThem, "consenting for them");
        consentingForThem = Set.copyOf(consentingForThem);
        if (consentingForThem.contains(personId)) {
            throw new IllegalArgumentException("person " + personId + " listed as their own guardian");
        }
    }

    public static Person born(String personId, LocalDate birthDate, String... guardians) {
        return new Person(personId, Optional.of(birthDate), Set.of(guardians));
    }

    /** Whole years of age on {@code day}, or -1 when the birth date is unknown. */
    public int ageOn(LocalDate day) {
        if (birthDate.isEmpty()) {
            return -1;
        }
        LocalDate born = birthDate.get();
        int years = day.getYear() - born.getYear();
        if (day.getMonthValue() < born.getMonthValue()
                || (day.getMonthValue() == born.getMonthValue() && day.getDayOfMonth() < born.getDayOfMonth())) {
            years--;
        }
        return years;
    }
}
