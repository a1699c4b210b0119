package org.kith.consent.model;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The family facts the engine needs besides directives: its members (ages, who may consent for
 * whom) and the child welfare agency legally responsible for its children, if any (the FERPA
 * exception names that agency, not any agency).
 */
public record FamilyProfile(String familyId, Map<String, Person> persons, Optional<String> responsibleAgency) {

    public FamilyProfile {
        Ids.require(familyId, "family id");
        Objects.requireNonNull(persons, "persons");
        persons = Map.copyOf(persons);
        persons.forEach((id, p) -> {
            if (!id.equals(p.personId())) {
                throw new IllegalArgumentException("family " + familyId + ": person keyed under another id");
            }
        });
        Objects.requireNonNull(responsibleAgency, "responsible agency");
    }

    public static FamilyProfile of(String familyId, Optional<String> responsibleAgency, Collection<Person> persons) {
        return new FamilyProfile(familyId,
                persons.stream().collect(Collectors.toMap(Person::personId, Function.identity())),
                responsibleAgency);
    }

    /** A family the engine knows nothing about: every directive about it fails grantor authority. */
    public static FamilyProfile unknown(String familyId) {
        return new FamilyProfile(familyId, Map.of(), Optional.empty());
    }

    public Optional<Person> person(String personId) {
        return Optional.ofNullable(persons.get(personId));
    }
}
